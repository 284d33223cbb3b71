//! Trust boundary lines (v2 `trust-boundary-curve` cells, v1 `tm.Boundary`) as boundaries drawn
//! as a line: the source point, the vertices in order, then the target point. An end attached
//! to a cell is that cell's centre. Threat Dragon draws the line smoothed through its points;
//! ThreatSketch draws and crosses the straight segments between them.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::DiagramImport;
use super::cells::Parsed;
use super::flows::attached_cell;
use crate::interop::threat_dragon::ImportError;
use crate::interop::threat_dragon::lenient::{describe, parse};
use crate::interop::threat_dragon::mapping::CellType;
use crate::model::Point;

/// The most points a line may have. Threat Dragon's have a handful; every flow is checked
/// against every segment on each edit, so a line of a million points would make editing crawl.
const MAX_LINE_POINTS: usize = 1_000;

/// A point of a line: both numbers, or it places nothing (a wrong type is an error).
#[derive(Default, Deserialize)]
#[serde(default)]
struct LinePoint {
    x: Option<f64>,
    y: Option<f64>,
}

/// The centres of the cells (by id) that line ends may be attached to: every placed cell, the
/// first with an id winning as for flows; none when no line is attached to a cell.
pub(super) fn centres_for_lines(cells: &[Parsed]) -> HashMap<&str, Point> {
    let is_attached_line = |cell: &Parsed| {
        cell.cell_type == Some(CellType::BoundaryCurve)
            && [&cell.source, &cell.target].into_iter().any(|end| attached_cell(end.as_ref()).is_some())
    };
    let mut centres = HashMap::new();
    if cells.iter().any(is_attached_line) {
        for cell in cells {
            if let (Some(id), Some(centre)) = (&cell.id, cell.centre()) {
                centres.entry(id.as_str()).or_insert(centre);
            }
        }
    }
    centres
}

impl DiagramImport {
    /// A line, its ends attached to cells placed at `centres` (see `centres_for_lines`).
    pub(super) fn add_line(&mut self, cell: &Parsed, centres: &HashMap<&str, Point>) -> Result<(), ImportError> {
        let Some(points) = self.line_points(cell, centres)? else { return Ok(()) };
        let (id, name) = self.new_boundary(cell, CellType::BoundaryCurve);
        self.model.layout.boundary_lines.insert(id.clone(), points);
        self.threats(cell, id.as_str(), CellType::BoundaryCurve, None, &format!("trust boundary line '{name}'"))
    }

    /// The points of the line, or `None`, with a note, when they cannot make one.
    fn line_points(
        &mut self,
        cell: &Parsed,
        centres: &HashMap<&str, Point>,
    ) -> Result<Option<Vec<Point>>, ImportError> {
        let vertices = match &cell.vertices {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(vertices)) => vertices.as_slice(),
            Some(other) => {
                return Err(ImportError::shape(
                    format!("{}, field 'vertices'", cell.at),
                    format!("expected an array of points, found {}", describe(other)),
                ));
            }
        };
        let count = vertices.len().saturating_add(2);
        if count > MAX_LINE_POINTS {
            self.notes.push(format!(
                "The {} was left out: it has {count} points, more than the {MAX_LINE_POINTS} a boundary line may \
                have here.{}",
                cell.label(),
                lost_threats(cell)
            ));
            return Ok(None);
        }
        let mut points = Vec::with_capacity(count);
        points.extend(end_point(cell, "source", centres)?);
        for (i, vertex) in vertices.iter().enumerate() {
            points.extend(point(vertex, &format!("{}, field 'vertices', point {}", cell.at, i + 1))?);
        }
        points.extend(end_point(cell, "target", centres)?);
        if points.len() < 2 {
            let placed = if points.is_empty() { "none" } else { "only one" };
            self.notes.push(format!(
                "The {} was left out: a line needs two points, and {placed} of its ends and bends could be placed.{}",
                cell.label(),
                lost_threats(cell)
            ));
            return Ok(None);
        }
        Ok(Some(points))
    }
}

/// Where an end (`source` or `target`) lies: the centre of the cell it is attached to, else its
/// own point; `None` when it has neither.
fn end_point(cell: &Parsed, end: &str, centres: &HashMap<&str, Point>) -> Result<Option<Point>, ImportError> {
    let value = if end == "source" { cell.source.as_ref() } else { cell.target.as_ref() };
    let at = format!("{}, field '{end}'", cell.at);
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => match attached_cell(Some(value)) {
            // A text block is placed without a check of its own.
            Some(id) => match centres.get(id) {
                Some(centre) if !centre.is_finite() => {
                    Err(ImportError::shape(at, format!("the cell '{id}' it is attached to is too far out to draw")))
                }
                centre => Ok(centre.copied()),
            },
            None => point(value, &at),
        },
    }
}

/// A point `{x, y}`, rounded to whole units as the import places everything; `at` is where
/// errors point.
fn point(value: &Value, at: &str) -> Result<Option<Point>, ImportError> {
    let LinePoint { x, y } = parse(value, at)?;
    let (Some(x), Some(y)) = (x, y) else { return Ok(None) };
    let point = Point::new(x as f32, y as f32).rounded();
    if !point.is_finite() {
        return Err(ImportError::shape(at, "the numbers are too large to draw"));
    }
    Ok(Some(point))
}

/// " Its 2 threats were not imported.", for a line left out.
fn lost_threats(cell: &Parsed) -> String {
    match cell.data.threats.len() {
        0 => String::new(),
        1 => " Its threat was not imported.".to_owned(),
        n => format!(" Its {n} threats were not imported."),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::interop::threat_dragon::import::import;
    use crate::interop::threat_dragon::import::tests::{diagram, node};
    use crate::model::{BoundaryId, BoundaryKind, CrossingDirection, Point};

    /// An actor whose 100 × 100 box has its top-left corner at (x, y): its centre is 50 further.
    fn placed(id: &str, name: &str, x: f64, y: f64) -> Value {
        let mut actor = node(id, name);
        actor["position"] = json!({ "x": x, "y": y });
        actor["size"] = json!({ "width": 100, "height": 100 });
        actor
    }

    fn curve(id: &str, name: &str, source: &Value, target: &Value, vertices: &Value) -> Value {
        json!({
            "id": id, "shape": "trust-boundary-curve", "source": source, "target": target, "vertices": vertices,
            "data": { "type": "tm.Boundary", "name": name, "isTrustBoundary": true, "hasOpenThreats": false }
        })
    }

    fn flow(from: &str, to: &str) -> Value {
        json!({ "id": format!("{from}-{to}"), "shape": "flow", "source": { "cell": from }, "target": { "cell": to },
                "data": { "type": "tm.Flow", "name": "Call" } })
    }

    fn to_point() -> Value {
        json!({ "x": 9, "y": 9 })
    }

    fn error_of(cells: &Value) -> String {
        let file = json!({ "version": "2.3.0", "detail": { "diagrams": [ { "title": "D", "cells": cells } ] } });
        import(&file.to_string()).unwrap_err().to_string()
    }

    #[test]
    fn a_curve_is_its_source_its_vertices_then_its_target_and_the_flow_drawn_over_it_crosses_it() {
        // Centres (50, 50) and (450, 50); the line bends at (260, 51) after rounding, across y = 50.
        let line = curve(
            "l",
            "Public Internet",
            &json!({ "x": 200.4, "y": -100 }),
            &json!({ "x": 200, "y": 200 }),
            &json!([ { "x": 260, "y": 50.6 } ]),
        );
        let imported = diagram(&json!([
            placed("a", "User", 0.0, 0.0),
            line,
            placed("b", "Partner API", 400.0, 0.0),
            flow("a", "b")
        ]));
        let model = &imported.model;
        let id = BoundaryId::new("l");
        let points = [Point::new(200.0, -100.0), Point::new(260.0, 51.0), Point::new(200.0, 200.0)];
        assert_eq!(model.boundary_line(&id), Some(&points[..]));
        assert!(model.layout.boundaries.is_empty(), "a line and no rectangle");
        assert_eq!(
            (model.boundaries[0].name.as_str(), model.boundaries[0].kind),
            ("Public Internet", BoundaryKind::Internet)
        );
        let crossings = model.crossings(&model.flows[0]);
        assert_eq!(crossings.len(), 1);
        assert_eq!((&crossings[0].boundary, crossings[0].direction), (&id, CrossingDirection::Across));
        assert!(!imported.notes.iter().any(|n| n.contains("line")), "nothing to say: {:?}", imported.notes);
    }

    #[test]
    fn an_end_attached_to_a_cell_is_that_cells_centre_wherever_the_cell_comes() {
        // v2 names the cell `cell`, v1 `id`; the actor "b" comes after the line.
        let line = curve("l", "", &json!({ "cell": "b" }), &json!({ "id": "a" }), &Value::Null);
        let imported = diagram(&json!([placed("a", "User", 0.0, 0.0), line, placed("b", "Shop", 400.0, 0.0)]));
        let points = [Point::new(450.0, 50.0), Point::new(50.0, 50.0)];
        assert_eq!(imported.model.boundary_line(&BoundaryId::new("l")), Some(&points[..]));
        let boundary = &imported.model.boundaries[0];
        assert_eq!((boundary.name.as_str(), boundary.kind), ("Trust boundary", BoundaryKind::CloudAccount));
        let notes = imported.notes.join("\n");
        assert!(notes.contains("A trust boundary line without a name was called 'Trust boundary'."), "{notes}");
        assert!(notes.contains("as its name does not say which zone it marks off"), "{notes}");
    }

    #[test]
    fn a_line_without_two_points_is_left_out_with_its_threats_and_said_so() {
        let mut nowhere = curve("n", "Gone", &json!({ "cell": "missing" }), &json!({ "x": 1 }), &json!([]));
        nowhere["data"]["threats"] = json!([ { "title": "A" }, { "title": "B" } ]);
        let half = curve("h", "", &json!({ "x": 0, "y": 0 }), &Value::Null, &Value::Null);
        let imported = diagram(&json!([nowhere, half]));
        assert!(imported.model.boundaries.is_empty());
        assert!(imported.model.own_threats.is_empty());
        let expected = [
            "The trust boundary line 'Gone' was left out: a line needs two points, and none of its ends and bends \
            could be placed. Its 2 threats were not imported.",
            "The unnamed trust boundary line was left out: a line needs two points, and only one of its ends and \
            bends could be placed.",
        ];
        for note in expected {
            assert!(imported.notes.iter().any(|n| n == note), "{note} in {:?}", imported.notes);
        }
    }

    #[test]
    fn a_line_of_more_than_a_thousand_points_is_left_out() {
        let bends = |n: usize| Value::Array((0..n).map(|i| json!({ "x": i, "y": i % 2 })).collect());
        let (from, to) = (json!({ "x": -1, "y": 0 }), json!({ "x": 5000, "y": 0 }));
        let most = curve("most", "Edge", &from, &to, &bends(998));
        let too_many = curve("over", "Over", &from, &to, &bends(999));
        let imported = diagram(&json!([most, too_many]));
        assert_eq!(imported.model.boundaries.len(), 1);
        assert_eq!(imported.model.boundary_line(&BoundaryId::new("most")).map(<[Point]>::len), Some(1000));
        let note = "The trust boundary line 'Over' was left out: it has 1001 points, more than the 1000 a boundary \
                    line may have here.";
        assert!(imported.notes.iter().any(|n| n == note), "{:?}", imported.notes);
    }

    #[test]
    fn points_of_the_wrong_type_are_refused_with_where_they_are() {
        let at = "diagram 1 ('D'), cell 'l', field";
        let (from, to) = (json!({ "x": 0, "y": 0 }), json!({ "x": 9, "y": 9 }));
        let cases = [
            (
                curve("l", "", &from, &to, &json!(5)),
                format!("{at} 'vertices': expected an array of points, found the number 5"),
            ),
            (
                curve("l", "", &from, &to, &json!([ { "x": 1, "y": 2 }, { "x": "far", "y": 3 } ])),
                format!("{at} 'vertices', point 2, field 'x': invalid type: string \"far\", expected f64"),
            ),
            (
                curve("l", "", &json!("here"), &to, &Value::Null),
                format!("{at} 'source': expected an object, found a text"),
            ),
            (
                curve("l", "", &from, &json!({ "x": 1e300, "y": 0 }), &Value::Null),
                format!("{at} 'target': the numbers are too large to draw"),
            ),
        ];
        for (cell, expected) in cases {
            assert_eq!(error_of(&json!([cell])), expected);
        }
        let far = json!({ "id": "t", "shape": "td-text-block", "position": { "x": 1e300, "y": 0 },
                          "data": { "type": "tm.Text", "name": "Far" } });
        let attached = curve("l", "", &json!({ "cell": "t" }), &to_point(), &Value::Null);
        let expected = format!("{at} 'source': the cell 't' it is attached to is too far out to draw");
        assert_eq!(error_of(&json!([far, attached])), expected);
    }
}
