//! Auto-layout as one undoable command: the elements in columns, left to right along their
//! flows (a small layered, Sugiyama-style layout), and every trust boundary redrawn around the
//! elements it held before, so that membership, and with it every boundary-crossing threat,
//! stays what the user drew.
//!
//! The steps: cycles broken by a depth-first search that turns back edges round; longest-path
//! columns, with each source pulled up to just before its nearest target; elements without
//! flows joined to their boundary's columns, or parked in columns after the last; order within
//! a column by barycenter sweeps, grouped by boundary; then coordinates, by packing each
//! boundary's contents as a band, innermost boundaries first.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};

use super::Command;
use super::gestures::NEW_BOUNDARY_SIZE;
use crate::model::{BoundaryId, ELEMENT_SIZE, ElementId, Flow, Point, Rect, ThreatModel};
use crate::scene::{BOUNDARY_TAB_HEIGHT, data_class_line, flow_label_rect};

/// Between two columns of cards: room for the label of a flow running between them. Wider
/// where a longer label runs to the next column, up to `MAX_COLUMN_GAP`.
const COLUMN_GAP: f32 = 140.0;
const MAX_COLUMN_GAP: f32 = 360.0;
/// Between a flow's label and the cards on either side.
const LABEL_CLEARANCE: f32 = 12.0;
/// Between two cards of one column.
const ROW_GAP: f32 = 70.0;
/// From a card to the edge of its innermost boundary. The name tab comes on top of this, and
/// as much again at the bottom, so that a boundary's members sit in its middle and level with
/// the cards beside it.
const MARGIN: f32 = 40.0;
/// From a nested boundary to the edge of the one around it, so that both edges and both
/// name tabs stay readable.
const NEST_MARGIN: f32 = 20.0;
/// Between bands that share columns and are stacked one under the other.
const BAND_GAP: f32 = 50.0;
/// Bands closer than this side by side count as sharing columns and are stacked instead.
const SIDE_GAP: f32 = 20.0;
/// Between the laid-out elements and the boundaries that hold none.
const EMPTY_GAP: f32 = 80.0;
/// Barycenter sweeps, each one down and one up; more rarely changes anything on models of
/// this size.
const SWEEPS: usize = 4;
/// Where the layout starts when nothing has a usable position yet.
const DEFAULT_ORIGIN: Point = Point::new(200.0, 150.0);
/// Positions farther out than this (a broken import) are not used as a starting point or a
/// size to keep: out there `f32` no longer holds the layout's whole canvas units exactly.
const FAR: f32 = 1.0e6;

/// The command that lays the model out left to right following its flows; None when there is nothing to move.
///
/// One `Batch` labelled "Auto-layout": a `MoveElements` with every element's new centre, then a
/// `SetBoundaryRect` for every boundary, so that it is one undo step. Each boundary is redrawn
/// around the elements whose centre is inside it now; a boundary that holds no element keeps
/// its size and moves, with the other empty ones, under the layout (left where it was, it
/// could come to cover elements and change what they belong to). `None` for a model without
/// elements, or one already laid out this way.
pub fn auto_layout(model: &ThreatModel) -> Option<Command> {
    let graph = Graph::new(model);
    if graph.elements.is_empty() {
        return None;
    }
    let (dag, _) = acyclic(graph.elements.len(), &graph.edges);
    let mut tree = Tree::new(model, &graph.elements);
    let layer = layers(&dag, &tree);
    tree.sort_children(&layer);
    let columns = order(&dag, &layer, &tree);
    let xs = column_centres(&graph, &layer);
    let placed = place(&tree, &columns, &xs);
    command(model, &graph, &tree, &placed)
}

/// The elements and the flows between them, by index.
struct Graph<'a> {
    /// Distinct element ids in model order; a repeated id (an invalid file) is laid out once.
    elements: Vec<&'a ElementId>,
    /// Flows between two different existing elements, in model order. A flow from an element
    /// to itself orders nothing, and one to a missing element cannot be drawn.
    edges: Vec<(usize, usize)>,
    /// The width of each edge's label box, as the diagram draws it.
    label_widths: Vec<f32>,
}

impl<'a> Graph<'a> {
    fn new(model: &'a ThreatModel) -> Self {
        let mut index: HashMap<&ElementId, usize> = HashMap::new();
        let mut elements = Vec::new();
        for element in &model.elements {
            if let Entry::Vacant(slot) = index.entry(&element.id) {
                slot.insert(elements.len());
                elements.push(&element.id);
            }
        }
        let mut edges = Vec::new();
        let mut label_widths = Vec::new();
        for flow in &model.flows {
            let (Some(&from), Some(&to)) = (index.get(&flow.from), index.get(&flow.to)) else { continue };
            if from != to {
                edges.push((from, to));
                label_widths.push(label_width(flow));
            }
        }
        Self { elements, edges, label_widths }
    }
}

/// Lays out a model whose elements have no positions at all (an import from a tool that keeps
/// none); a model where any element has a position is left as the user drew it.
pub fn lay_out_if_unplaced(model: &mut ThreatModel) {
    let unplaced =
        !model.elements.is_empty() && model.elements.iter().all(|e| !model.layout.elements.contains_key(&e.id));
    if unplaced {
        // Should it fail, the model stays as it was.
        let _ = lay_out(model);
    }
}

/// Lays a model out in place, outside any document (an import being built): the elements'
/// current positions only say which boundary each is in.
pub fn lay_out(model: &mut ThreatModel) -> Result<(), super::EditError> {
    let Some(command) = auto_layout(model) else { return Ok(()) };
    // Applied to a copy, so that a failure leaves the model as it was.
    let mut laid_out = model.clone();
    command.apply(&mut laid_out)?;
    *model = laid_out;
    Ok(())
}

/// The edges with every edge that closes a cycle turned round, and how many were turned.
/// The search starts from the sources, then from the rest, each in model order, and follows
/// edges in model order, so the same model always loses the same edges.
fn acyclic(n: usize, edges: &[(usize, usize)]) -> (Vec<(usize, usize)>, usize) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0_usize; n];
    for (e, &(from, to)) in edges.iter().enumerate() {
        out[from].push(e);
        indegree[to] += 1;
    }
    let mut mark = vec![Mark::New; n];
    let mut reversed = vec![false; edges.len()];
    let sources = (0..n).filter(|&v| indegree[v] == 0);
    let others = (0..n).filter(|&v| indegree[v] != 0);
    // Iterative, so that a long chain cannot overflow the stack.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in sources.chain(others) {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::Open;
        stack.push((root, 0));
        while let Some(&(v, next)) = stack.last() {
            let Some(&e) = out[v].get(next) else {
                mark[v] = Mark::Done;
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let to = edges[e].1;
            match mark[to] {
                Mark::New => {
                    mark[to] = Mark::Open;
                    stack.push((to, 0));
                }
                Mark::Open => reversed[e] = true,
                Mark::Done => {}
            }
        }
    }
    let count = reversed.iter().filter(|&&r| r).count();
    let dag =
        edges.iter().zip(reversed).map(|(&(from, to), turn)| if turn { (to, from) } else { (from, to) }).collect();
    (dag, count)
}

/// The boundaries as a tree of groups: each element belongs to the node of the boundaries that
/// hold it now, outermost first. Nested boundaries give one node per boundary; overlapping ones
/// that are not nested give a node per combination, so their members still form bands.
struct Tree<'a> {
    /// Distinct boundary ids in model order.
    boundaries: Vec<&'a BoundaryId>,
    /// Node 0 is the root (no boundary); a parent comes before its children.
    nodes: Vec<Node>,
    node_of: Vec<usize>,
    /// The boundaries of each element, innermost first.
    chains: Vec<Vec<usize>>,
}

struct Node {
    boundary: Option<usize>,
    parent: usize,
    children: Vec<usize>,
}

impl<'a> Tree<'a> {
    fn new(model: &'a ThreatModel, elements: &[&ElementId]) -> Self {
        let mut index: HashMap<&BoundaryId, usize> = HashMap::new();
        let mut boundaries = Vec::new();
        // A boundary line holds nothing and keeps its place; only boxes are laid out.
        for boundary in model.boundaries.iter().filter(|b| model.boundary_line(&b.id).is_none()) {
            if let Entry::Vacant(slot) = index.entry(&boundary.id) {
                slot.insert(boundaries.len());
                boundaries.push(&boundary.id);
            }
        }
        let mut nodes = vec![Node { boundary: None, parent: 0, children: Vec::new() }];
        let mut child_of: HashMap<(usize, usize), usize> = HashMap::new();
        let mut node_of = Vec::with_capacity(elements.len());
        let mut chains = Vec::with_capacity(elements.len());
        for id in elements {
            // The model's own answer, so that "membership kept" means what the threat engine sees.
            let mut chain: Vec<usize> = model.boundaries_of(id).iter().filter_map(|b| index.get(b).copied()).collect();
            chain.dedup();
            let mut node = 0;
            for &boundary in chain.iter().rev() {
                node = match child_of.entry((node, boundary)) {
                    Entry::Occupied(existing) => *existing.get(),
                    Entry::Vacant(slot) => {
                        let new = nodes.len();
                        nodes.push(Node { boundary: Some(boundary), parent: node, children: Vec::new() });
                        nodes[node].children.push(new);
                        *slot.insert(new)
                    }
                };
            }
            node_of.push(node);
            chains.push(chain);
        }
        Self { boundaries, nodes, node_of, chains }
    }

    /// Siblings in the order of the first column they reach, then model order: roughly the
    /// order in which the flows meet them.
    fn sort_children(&mut self, layer: &[usize]) {
        let mut first = vec![(usize::MAX, usize::MAX); self.nodes.len()];
        for (v, &node) in self.node_of.iter().enumerate() {
            first[node] = first[node].min((layer[v], v));
        }
        for node in (1..self.nodes.len()).rev() {
            let parent = self.nodes[node].parent;
            first[parent] = first[parent].min(first[node]);
        }
        for node in &mut self.nodes {
            node.children.sort_by_key(|&child| first[child]);
        }
    }

    /// The rank of each node in a column: a node's nested boundaries (in order) before its own
    /// elements, as `place` stacks them, so that every group stays together.
    fn ranks(&self) -> Vec<usize> {
        let mut rank = vec![0; self.nodes.len()];
        let mut next = 0;
        let mut stack = vec![(0_usize, 0_usize)];
        while let Some(&(node, i)) = stack.last() {
            if let Some(&child) = self.nodes[node].children.get(i) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                stack.push((child, 0));
            } else {
                rank[node] = next;
                next += 1;
                stack.pop();
            }
        }
        rank
    }
}

/// The column of each element.
fn layers(dag: &[(usize, usize)], tree: &Tree) -> Vec<usize> {
    let n = tree.node_of.len();
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0_usize; n];
    for &(from, to) in dag {
        succs[from].push(to);
        indegree[to] += 1;
    }
    let connected: Vec<bool> = succs.iter().zip(&indegree).map(|(s, &d)| !s.is_empty() || d > 0).collect();
    let sources: Vec<bool> = indegree.iter().map(|&d| d == 0).collect();
    // Longest path: every edge goes at least one column to the right.
    let mut layer = vec![0_usize; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &to in &succs[v] {
            layer[to] = layer[to].max(layer[v] + 1);
            indegree[to] -= 1;
            if indegree[to] == 0 {
                queue.push_back(to);
            }
        }
    }
    // A source that feeds only later columns (a mail service called by the last function)
    // sits just before its nearest target rather than far away in the first column.
    for (v, _) in sources.iter().enumerate().filter(|(_, s)| **s) {
        if let Some(nearest) = succs[v].iter().map(|&to| layer[to]).min() {
            layer[v] = nearest.saturating_sub(1);
        }
    }
    place_unconnected(&mut layer, &connected, tree);
    layer
}

/// Columns for elements without flows. One in a boundary whose other elements have flows
/// joins that boundary's columns (the one with fewest of its group), so the boundary does not
/// grow; the rest are parked in a square-ish block of columns after the last. Not the first
/// column: that is where the flows start, and unconnected elements there would read as entry
/// points.
fn place_unconnected(layer: &mut [usize], connected: &[bool], tree: &Tree) {
    let n = layer.len();
    let mut span: Vec<Option<(usize, usize)>> = vec![None; tree.boundaries.len()];
    let mut count: HashMap<(usize, usize), usize> = HashMap::new();
    for v in (0..n).filter(|&v| connected[v]) {
        let at = layer[v];
        for &b in &tree.chains[v] {
            span[b] = Some(span[b].map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))));
        }
        *count.entry((tree.node_of[v], at)).or_default() += 1;
    }
    let mut parked = Vec::new();
    for v in (0..n).filter(|&v| !connected[v]) {
        let node = tree.node_of[v];
        match tree.chains[v].iter().find_map(|&b| span[b]) {
            Some((lo, hi)) => {
                let emptiest = (lo..=hi).min_by_key(|&c| (count.get(&(node, c)).copied().unwrap_or(0), c));
                let at = emptiest.unwrap_or(lo);
                layer[v] = at;
                *count.entry((node, at)).or_default() += 1;
            }
            None => parked.push(v),
        }
    }
    let first = (0..n).filter(|&v| connected[v]).map(|v| layer[v] + 1).max().unwrap_or(0);
    parked.sort_by_key(|&v| (tree.node_of[v], v));
    let per_column = ((parked.len() as f64).sqrt().ceil() as usize).max(1);
    for (i, v) in parked.into_iter().enumerate() {
        layer[v] = first + i / per_column;
    }
}

/// The elements of each column, top to bottom: grouped by boundary, and within a group by the
/// barycenter of their neighbours, a few sweeps right and back; ties in model order.
fn order(dag: &[(usize, usize)], layer: &[usize], tree: &Tree) -> Vec<Vec<usize>> {
    let n = layer.len();
    let rank = tree.ranks();
    let group: Vec<usize> = tree.node_of.iter().map(|&node| rank[node]).collect();
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); layer.iter().max().map_or(0, |&m| m + 1)];
    for (v, &at) in layer.iter().enumerate() {
        columns[at].push(v);
    }
    let mut pos = vec![0_usize; n];
    for column in &mut columns {
        column.sort_by_key(|&v| (group[v], v));
        for (i, &v) in column.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in dag {
        succs[from].push(to);
        preds[to].push(from);
    }
    for _ in 0..SWEEPS {
        for column in columns.iter_mut().skip(1) {
            sweep(column, &preds, &mut pos, &group);
        }
        for column in columns.iter_mut().rev().skip(1) {
            sweep(column, &succs, &mut pos, &group);
        }
    }
    columns
}

/// Sorts one column by group, then by the mean position of each element's neighbours on one
/// side; an element without neighbours there keeps its place as its key.
fn sweep(column: &mut [usize], neighbours: &[Vec<usize>], pos: &mut [usize], group: &[usize]) {
    let mut keyed: Vec<(usize, f32, usize)> = column
        .iter()
        .map(|&v| {
            let around = &neighbours[v];
            let barycenter = if around.is_empty() {
                pos[v] as f32
            } else {
                around.iter().map(|&u| pos[u] as f32).sum::<f32>() / around.len() as f32
            };
            (group[v], barycenter, v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (i, (slot, (_, _, v))) in column.iter_mut().zip(keyed).enumerate() {
        *slot = v;
        pos[v] = i;
    }
}

fn label_width(flow: &Flow) -> f32 {
    let label = if flow.label.is_empty() { "Data flow" } else { flow.label.as_str() };
    flow_label_rect(label, &data_class_line(flow), Point::default()).width
}

/// The centre of each column. A label sits half-way along its flow, so the gap after a column
/// is as wide as the widest label of a flow between it and the next one.
fn column_centres(graph: &Graph, layer: &[usize]) -> Vec<f32> {
    let mut gaps = vec![COLUMN_GAP; layer.iter().max().map_or(0, |&m| m + 1)];
    for (&(from, to), &width) in graph.edges.iter().zip(&graph.label_widths) {
        let (left, right) = (layer[from].min(layer[to]), layer[from].max(layer[to]));
        if right == left + 1 {
            let wanted = (width + 2.0 * LABEL_CLEARANCE).min(MAX_COLUMN_GAP).ceil();
            gaps[left] = gaps[left].max(wanted);
        }
    }
    let mut x = ELEMENT_SIZE.width / 2.0;
    gaps.iter()
        .map(|gap| {
            let centre = x;
            x += ELEMENT_SIZE.width + gap;
            centre
        })
        .collect()
}

/// Something to stack inside a node: a nested boundary, or the node's own elements of one column.
struct Item {
    x0: f32,
    x1: f32,
    /// Top of the item in its own frame, and its height.
    top: f32,
    height: f32,
    what: What,
    /// Top of the item in the node's frame, once packed.
    y: f32,
}

enum What {
    Child(usize),
    /// An index into the node's column blocks.
    Column(usize),
}

/// Puts each item at the lowest height where it keeps `BAND_GAP` from the items placed before
/// it in the same columns; an item that shares its columns with none is then centred
/// vertically, so that a lone column sits level with the middle of its neighbours.
fn pack(items: &mut [Item]) {
    let side_by_side = |a: &Item, b: &Item| a.x1 + SIDE_GAP <= b.x0 || b.x1 + SIDE_GAP <= a.x0;
    let mut alone = vec![true; items.len()];
    for i in 0..items.len() {
        let (placed, rest) = items.split_at_mut(i);
        let Some(item) = rest.first_mut() else { break };
        let above: Vec<usize> = (0..i).filter(|&j| !side_by_side(&placed[j], item)).collect();
        let height = item.height;
        let fits = |y: f32| {
            above.iter().all(|&j| {
                let other = &placed[j];
                y + height + BAND_GAP <= other.y || y >= other.y + other.height + BAND_GAP
            })
        };
        let mut candidates: Vec<f32> =
            std::iter::once(0.0).chain(above.iter().map(|&j| placed[j].y + placed[j].height + BAND_GAP)).collect();
        candidates.sort_by(f32::total_cmp);
        // The highest candidate is below everything in the way, so one always fits.
        item.y = candidates.into_iter().find(|&y| fits(y)).unwrap_or(0.0);
        if !above.is_empty() {
            alone[i] = false;
            for j in above {
                alone[j] = false;
            }
        }
    }
    let height = items.iter().map(|item| item.y + item.height).fold(0.0, f32::max);
    for (item, alone) in items.iter_mut().zip(alone) {
        if alone {
            item.y = ((height - item.height) / 2.0).floor();
        }
    }
}

/// Centres and boundary rectangles, before the move to the origin.
struct Placed {
    centers: Vec<Point>,
    /// By boundary index; `None` for a boundary that holds no element.
    rects: Vec<Option<Rect>>,
}

/// Coordinates. Each node, innermost first, stacks its nested boundaries and its own columns
/// as bands (each band knows its width from the columns it spans), and its boundary is drawn
/// around them; then every node's frame is moved to where its parent put it. Everything stays
/// on whole units, so that rounding by the command moves nothing.
fn place(tree: &Tree, columns: &[Vec<usize>], xs: &[f32]) -> Placed {
    let n = tree.node_of.len();
    let row_pitch = ELEMENT_SIZE.height + ROW_GAP;
    let count = tree.nodes.len();
    // Each node's own elements, column by column, top to bottom.
    let mut blocks: Vec<Vec<(usize, Vec<usize>)>> = vec![Vec::new(); count];
    for (c, column) in columns.iter().enumerate() {
        for &v in column {
            let node_blocks = &mut blocks[tree.node_of[v]];
            match node_blocks.last_mut() {
                Some((last, members)) if *last == c => members.push(v),
                _ => node_blocks.push((c, vec![v])),
            }
        }
    }
    let mut local = vec![Point::default(); n];
    let mut outline = vec![Rect::default(); count];
    let mut shift = vec![0.0_f32; count];
    // Children come after their parent in `nodes`, so backwards is innermost first.
    for node in (0..count).rev() {
        let children = tree.nodes[node].children.iter().map(|&child| {
            let r = outline[child];
            Item { x0: r.x, x1: r.max().x, top: r.y, height: r.height, what: What::Child(child), y: 0.0 }
        });
        let own = blocks[node].iter().enumerate().map(|(i, (c, members))| {
            let x = xs[*c];
            let height = (members.len() as f32 - 1.0) * row_pitch + ELEMENT_SIZE.height;
            let half = ELEMENT_SIZE.width / 2.0;
            Item { x0: x - half, x1: x + half, top: 0.0, height, what: What::Column(i), y: 0.0 }
        });
        let mut items: Vec<Item> = children.chain(own).collect();
        pack(&mut items);
        let mut around: Option<Rect> = None;
        let mut grow = |r: Rect| around = Some(around.map_or(r, |a| a.union(r)));
        for item in &items {
            match item.what {
                What::Child(child) => {
                    shift[child] = item.y - item.top;
                    grow(outline[child].translated(0.0, shift[child]).expanded(NEST_MARGIN));
                }
                What::Column(i) => {
                    let (c, members) = &blocks[node][i];
                    for (k, &v) in members.iter().enumerate() {
                        let center = Point::new(xs[*c], item.y + k as f32 * row_pitch + ELEMENT_SIZE.height / 2.0);
                        local[v] = center;
                        grow(Rect::centered(center, ELEMENT_SIZE).expanded(MARGIN));
                    }
                }
            }
        }
        if let Some(r) = around {
            outline[node] = Rect::new(r.x, r.y - BOUNDARY_TAB_HEIGHT, r.width, r.height + 2.0 * BOUNDARY_TAB_HEIGHT);
        }
    }
    let mut offset = vec![0.0_f32; count];
    for node in 1..count {
        offset[node] = offset[tree.nodes[node].parent] + shift[node];
    }
    let centers = local.iter().zip(&tree.node_of).map(|(p, &node)| p.offset(0.0, offset[node])).collect();
    let mut rects: Vec<Option<Rect>> = vec![None; tree.boundaries.len()];
    for (node, entry) in tree.nodes.iter().enumerate().skip(1) {
        if let Some(b) = entry.boundary {
            // A boundary in several nodes (overlapping ones) encloses all of them.
            let r = outline[node].translated(0.0, offset[node]);
            rects[b] = Some(rects[b].map_or(r, |old| old.union(r)));
        }
    }
    Placed { centers, rects }
}

/// The batch, moved so that the layout starts where the drawing started.
fn command(model: &ThreatModel, graph: &Graph, tree: &Tree, placed: &Placed) -> Option<Command> {
    let origin = origin(model);
    let cards = placed.centers.iter().map(|&p| Rect::centered(p, ELEMENT_SIZE));
    let content = cards.chain(placed.rects.iter().flatten().copied()).reduce(Rect::union)?;
    let (dx, dy) = ((origin.x - content.x).round(), (origin.y - content.y).round());
    let moves: Vec<(ElementId, Point)> =
        graph.elements.iter().zip(&placed.centers).map(|(&id, p)| (id.clone(), p.offset(dx, dy).rounded())).collect();
    let mut rects: Vec<Option<Rect>> = placed.rects.iter().map(|r| r.map(|r| r.translated(dx, dy))).collect();
    park_empty(model, tree, &mut rects, Point::new(origin.x, content.max().y + dy + EMPTY_GAP));
    let rects: Vec<(BoundaryId, Rect)> =
        tree.boundaries.iter().zip(rects).filter_map(|(&id, r)| Some((id.clone(), r?.rounded()))).collect();

    let moved = moves.iter().any(|(id, p)| model.layout.elements.get(id) != Some(p));
    let resized = rects.iter().any(|(id, r)| model.layout.boundaries.get(id) != Some(r));
    if !moved && !resized {
        return None;
    }
    let mut commands = vec![Command::MoveElements { moves }];
    commands.extend(rects.into_iter().map(|(id, rect)| Command::SetBoundaryRect { id, rect }));
    Some(Command::Batch { label: "Auto-layout".into(), commands })
}

fn near(p: Point) -> bool {
    p.x.abs() <= FAR && p.y.abs() <= FAR
}

/// A stored rectangle worth keeping: one the command accepts as it is, not far out.
fn usable(rect: Rect) -> bool {
    near(rect.min()) && near(rect.max()) && rect.width >= 1.0 && rect.height >= 1.0
}

/// The top-left of what is drawn now, so that the layout does not jump away from where the
/// user is looking.
fn origin(model: &ThreatModel) -> Point {
    let cards = model
        .elements
        .iter()
        .filter_map(|e| model.layout.elements.get(&e.id))
        .filter(|&&p| near(p))
        .map(|&p| Rect::centered(p, ELEMENT_SIZE));
    let boundaries =
        model.boundaries.iter().filter_map(|b| model.layout.boundaries.get(&b.id)).copied().filter(|&r| usable(r));
    cards
        .chain(boundaries)
        .map(Rect::min)
        .reduce(|a, b| Point::new(a.x.min(b.x), a.y.min(b.y)))
        .map_or(DEFAULT_ORIGIN, Point::rounded)
}

/// Rectangles for the boundaries that hold no element: their own, moved together (so that
/// empty boundaries nested in each other stay so) to `top_left`, under the layout; one that is
/// missing or unusable gets the size of a new boundary, in a row after them.
fn park_empty(model: &ThreatModel, tree: &Tree, rects: &mut [Option<Rect>], top_left: Point) {
    let empty: Vec<usize> = (0..rects.len()).filter(|&b| rects[b].is_none()).collect();
    let current = |b: usize| model.layout.boundaries.get(tree.boundaries[b]).copied().filter(|&r| usable(r));
    let mut next_x = top_left.x;
    if let Some(group) = empty.iter().filter_map(|&b| current(b)).reduce(Rect::union) {
        let (dx, dy) = ((top_left.x - group.x).round(), (top_left.y - group.y).round());
        for &b in &empty {
            rects[b] = current(b).map(|r| r.translated(dx, dy));
        }
        next_x = group.max().x + dx + BAND_GAP;
    }
    let (width, height) = NEW_BOUNDARY_SIZE;
    for &b in &empty {
        if rects[b].is_none() {
            rects[b] = Some(Rect::new(next_x, top_left.y, width, height));
            next_x += width + BAND_GAP;
        }
    }
}

#[cfg(test)]
mod unplaced_tests {
    use super::*;
    use crate::io::templates::Template;

    #[test]
    fn only_a_model_without_any_position_is_laid_out() {
        let mut drawn = Template::sample().model().unwrap();
        let before = drawn.clone();
        lay_out_if_unplaced(&mut drawn);
        assert_eq!(drawn, before, "a drawn model keeps its layout");
        let mut bare = before.clone();
        bare.layout = crate::model::Layout::default();
        lay_out_if_unplaced(&mut bare);
        assert_eq!(bare.layout.elements.len(), bare.elements.len());
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::edit::Document;
    use crate::io::templates::{TEMPLATES, Template};
    use crate::model::{Boundary, BoundaryKind, Element, FlowId, Issue};

    fn element(model: &mut ThreatModel, id: &str, at: Option<Point>) {
        model.elements.push(Element::new(ElementId::new(id), "function", id));
        if let Some(at) = at {
            model.layout.elements.insert(ElementId::new(id), at);
        }
    }

    fn flow(model: &mut ThreatModel, from: &str, to: &str) {
        let id = FlowId::new(format!("f{}", model.flows.len() + 1));
        model.flows.push(Flow::new(id, ElementId::new(from), ElementId::new(to), "Data"));
    }

    fn boundary(model: &mut ThreatModel, id: &str, rect: Option<Rect>) {
        model.boundaries.push(Boundary { id: BoundaryId::new(id), kind: BoundaryKind::CloudAccount, name: id.into() });
        if let Some(rect) = rect {
            model.layout.boundaries.insert(BoundaryId::new(id), rect);
        }
    }

    /// Elements in a row, 300 apart, with flows between the given pairs.
    fn chain(ids: &[&str], flows: &[(&str, &str)]) -> ThreatModel {
        let mut model = ThreatModel::new("t");
        for (i, id) in ids.iter().enumerate() {
            element(&mut model, id, Some(Point::new(i as f32 * 300.0, 100.0)));
        }
        for (from, to) in flows {
            flow(&mut model, from, to);
        }
        model
    }

    /// The model after the layout, applied as the UI would.
    fn laid_out(model: &ThreatModel) -> ThreatModel {
        let command = auto_layout(model).expect("something to lay out");
        let mut doc = Document::new(model.clone(), None);
        assert_eq!(doc.apply(command), Ok(true));
        doc.model().clone()
    }

    fn membership(model: &ThreatModel, id: &ElementId) -> BTreeSet<BoundaryId> {
        model.boundaries_of(id).into_iter().collect()
    }

    /// The flows that run right to left after the layout, checking on the way that no flow
    /// between two elements stays in one column.
    fn backwards(after: &ThreatModel) -> usize {
        let exists = |id: &ElementId| after.element(id).is_some();
        let mut count = 0;
        for f in after.flows.iter().filter(|f| f.from != f.to && exists(&f.from) && exists(&f.to)) {
            let (from, to) = (after.element_position(&f.from).x, after.element_position(&f.to).x);
            assert_ne!(from, to, "{} stays in its column", f.id);
            count += usize::from(to < from);
        }
        count
    }

    /// Everything the layout promises, for `after` = `before` laid out.
    fn assert_tidy(before: &ThreatModel, after: &ThreatModel) {
        let mut ids: Vec<&ElementId> = before.elements.iter().map(|e| &e.id).collect();
        ids.sort();
        ids.dedup();
        for (i, a) in ids.iter().enumerate() {
            assert!(after.layout.elements.contains_key(*a), "{a} has no position");
            for b in &ids[i + 1..] {
                assert!(!after.element_rect(a).intersects(after.element_rect(b)), "{a} overlaps {b}");
            }
        }
        for id in &ids {
            assert_eq!(membership(before, id), membership(after, id), "{id} changed boundaries");
        }
        for b in &after.boundaries {
            let rect = after.boundary_rect(&b.id);
            for id in &ids {
                let card = after.element_rect(id);
                assert!(rect.contains_rect(card) || !rect.intersects(card), "{} cuts through {id}", b.id);
            }
        }
        let graph = Graph::new(before);
        let (_, turned) = acyclic(graph.elements.len(), &graph.edges);
        assert_eq!(backwards(after), turned, "only the flows that close a cycle run backwards");
    }

    #[test]
    fn every_template_is_laid_out_tidily() {
        let mut laid = 0;
        for template in TEMPLATES {
            let model = template.model().unwrap();
            let Some(command) = auto_layout(&model) else {
                assert!(model.elements.is_empty(), "{} has elements but no layout", template.id);
                continue;
            };
            let Command::Batch { label, commands } = &command else { panic!("{command:?}") };
            assert_eq!(label, "Auto-layout");
            assert!(matches!(&commands[0], Command::MoveElements { moves } if moves.len() == model.elements.len()));
            assert_eq!(commands.len(), 1 + model.boundaries.len(), "{}", template.id);
            let after = laid_out(&model);
            assert_tidy(&model, &after);
            assert_eq!(backwards(&after), 0, "{}: templates have no cycles", template.id);
            assert!(after.validate().is_empty(), "{}: {:?}", template.id, after.validate());
            laid += 1;
        }
        assert!(laid >= 3);
    }

    #[test]
    fn the_checkout_reads_left_to_right_in_one_band() {
        let after = laid_out(&Template::sample().model().unwrap());
        let x = |id: &str| after.element_position(&ElementId::new(id)).x;
        let y = |id: &str| after.element_position(&ElementId::new(id)).y;
        // Browser → gateway → function → (database, mail service) → mail provider.
        assert!(x("e1") < x("e2") && x("e2") < x("e3") && x("e3") < x("e4") && x("e4") == x("e5") && x("e5") < x("e6"));
        // The boundaries sit side by side, so the main line stays level.
        assert_eq!(y("e1"), y("e2"));
        assert_eq!(y("e2"), y("e3"));
    }

    #[test]
    fn a_long_label_widens_the_gap_to_the_next_column() {
        let mut model = chain(&["a", "b", "c"], &[("a", "b"), ("b", "c")]);
        model.flows[0].label = "Order details with the shipping address".into();
        let after = laid_out(&model);
        let card = |id: &str| after.element_rect(&ElementId::new(id));
        assert!(card("b").x - card("a").max().x >= label_width(&model.flows[0]) + 2.0 * LABEL_CLEARANCE);
        assert_eq!(card("c").x - card("b").max().x, COLUMN_GAP);
    }

    #[test]
    fn it_is_one_undo_step_and_undo_restores_the_layout_exactly() {
        let model = Template::sample().model().unwrap();
        let mut doc = Document::new(model.clone(), None);
        assert_eq!(doc.apply(auto_layout(&model).unwrap()), Ok(true));
        assert_eq!(doc.history().undo_depth(), 1);
        assert_eq!(doc.history().undo_label(), Some("Auto-layout"));
        assert_ne!(doc.model().layout, model.layout);
        assert!(doc.undo());
        assert_eq!(doc.model(), &model);
        assert!(doc.redo());
        assert_eq!(doc.model(), &laid_out(&model));
    }

    #[test]
    fn a_laid_out_model_has_nothing_to_move() {
        for template in TEMPLATES {
            let model = template.model().unwrap();
            if auto_layout(&model).is_some() {
                assert_eq!(auto_layout(&laid_out(&model)), None, "{}", template.id);
            }
        }
    }

    #[test]
    fn nothing_to_lay_out_without_elements() {
        assert_eq!(auto_layout(&ThreatModel::new("empty")), None);
        let mut boundaries_only = ThreatModel::new("t");
        boundary(&mut boundaries_only, "b1", Some(Rect::new(0.0, 0.0, 300.0, 200.0)));
        assert_eq!(auto_layout(&boundaries_only), None);
    }

    #[test]
    fn a_cycle_is_laid_out_with_one_flow_back() {
        let model = chain(&["a", "b", "c"], &[("a", "b"), ("b", "c"), ("c", "a")]);
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        assert_eq!(backwards(&after), 1);
        // Entered from outside, the cycle starts where the outside flow comes in.
        let entered = chain(&["a", "b", "c", "x"], &[("a", "b"), ("b", "c"), ("c", "a"), ("x", "b")]);
        let after = laid_out(&entered);
        assert_tidy(&entered, &after);
        let x = |id: &str| after.element_position(&ElementId::new(id)).x;
        assert!(x("x") < x("b") && x("b") < x("c") && x("c") < x("a"));
    }

    #[test]
    fn elements_without_flows_are_parked_after_the_last_column() {
        let model = chain(&["a", "b", "c", "lone1", "lone2", "lone3"], &[("a", "b"), ("b", "c")]);
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        let x = |id: &str| after.element_position(&ElementId::new(id)).x;
        for lone in ["lone1", "lone2", "lone3"] {
            assert!(x(lone) > x("c"), "{lone}");
        }
        // No flows at all: a square-ish block rather than one long column.
        let scattered = chain(&["a", "b", "c", "d", "e", "f", "g", "h", "i"], &[]);
        let after = laid_out(&scattered);
        assert_tidy(&scattered, &after);
        let columns: BTreeSet<i64> = after.layout.elements.values().map(|p| p.x as i64).collect();
        assert_eq!(columns.len(), 3);
    }

    #[test]
    fn an_element_without_flows_stays_in_its_boundary_and_its_columns() {
        let mut model = Template::sample().model().unwrap();
        // A store in the cloud account that nothing uses yet.
        element(&mut model, "e7", Some(Point::new(1100.0, 420.0)));
        assert_eq!(model.innermost_boundary(&ElementId::new("e7")), Some(BoundaryId::new("b2")));
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        let x = |id: &str| after.element_position(&ElementId::new(id)).x;
        assert!(x("e2") <= x("e7") && x("e7") <= x("e4"));
    }

    #[test]
    fn nested_boundaries_keep_their_members_and_margins() {
        let mut model = chain(&["out", "api", "fn", "db", "tail"], &[("out", "api"), ("api", "fn"), ("fn", "db")]);
        flow(&mut model, "db", "tail");
        // "cloud" holds api, fn and db; "vpc" inside it holds fn only.
        boundary(&mut model, "cloud", Some(Rect::new(200.0, 0.0, 760.0, 200.0)));
        boundary(&mut model, "vpc", Some(Rect::new(500.0, 30.0, 200.0, 140.0)));
        assert_eq!(model.boundaries_of(&ElementId::new("fn")), vec![BoundaryId::new("vpc"), BoundaryId::new("cloud")]);
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        let (cloud, vpc) =
            (after.boundary_rect(&BoundaryId::new("cloud")), after.boundary_rect(&BoundaryId::new("vpc")));
        assert!(cloud.contains_rect(vpc.expanded(NEST_MARGIN)));
        assert!(vpc.y - cloud.y >= NEST_MARGIN + BOUNDARY_TAB_HEIGHT, "room for both name tabs");
        let card = after.element_rect(&ElementId::new("fn"));
        assert!(card.y - vpc.y >= MARGIN + BOUNDARY_TAB_HEIGHT);
        let bottom = card.max().y;
        assert!(cloud.max().y - bottom > vpc.max().y - bottom, "the outer boundary has the larger margin");
    }

    #[test]
    fn overlapping_boundaries_keep_their_members_in_bands() {
        // "left" and "right" overlap; "both" is in the two of them.
        let mut model = chain(&["l", "both", "r", "l2", "r2"], &[("l", "both"), ("both", "r"), ("l2", "both")]);
        flow(&mut model, "both", "r2");
        model.layout.elements.insert(ElementId::new("l2"), Point::new(0.0, 300.0));
        model.layout.elements.insert(ElementId::new("r2"), Point::new(600.0, 300.0));
        boundary(&mut model, "left", Some(Rect::new(-150.0, 0.0, 500.0, 400.0)));
        boundary(&mut model, "right", Some(Rect::new(250.0, 0.0, 520.0, 400.0)));
        assert_eq!(membership(&model, &ElementId::new("both")).len(), 2);
        let after = laid_out(&model);
        assert_tidy(&model, &after);
    }

    #[test]
    fn boundaries_without_elements_keep_their_size_out_of_the_way() {
        let mut model = chain(&["a", "b"], &[("a", "b")]);
        // Empty, and one nested in the other; wherever they go, they must not come to hold a or b.
        boundary(&mut model, "outer", Some(Rect::new(2000.0, 0.0, 400.0, 300.0)));
        boundary(&mut model, "inner", Some(Rect::new(2050.0, 250.0, 100.0, 40.0)));
        boundary(&mut model, "unplaced", None);
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        let rect = |id: &str| after.boundary_rect(&BoundaryId::new(id));
        assert_eq!((rect("outer").width, rect("outer").height), (400.0, 300.0));
        assert_eq!(rect("inner").translated(-rect("outer").x, -rect("outer").y), Rect::new(50.0, 250.0, 100.0, 40.0));
        assert_eq!((rect("unplaced").width, rect("unplaced").height), NEW_BOUNDARY_SIZE);
        let cards = after.element_rect(&ElementId::new("a")).union(after.element_rect(&ElementId::new("b")));
        for id in ["outer", "unplaced"] {
            assert!(rect(id).y > cards.max().y, "{id} is under the layout");
        }
    }

    #[test]
    fn it_places_an_import_without_positions() {
        let mut model = Template::sample().model().unwrap();
        model.layout.elements.clear();
        // Without positions every element is drawn at the origin, on top of the others.
        assert!(model.elements.iter().all(|e| model.element_position(&e.id) == Point::default()));
        assert!(model.validate().iter().any(|i| matches!(i, Issue::MissingPosition { .. })));
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        assert!(after.validate().is_empty(), "{:?}", after.validate());
        // And with no layout at all, it starts at the default origin.
        let mut bare = model.clone();
        bare.layout = Default::default();
        bare.boundaries.clear();
        let after = laid_out(&bare);
        assert_tidy(&bare, &after);
        let bounds = after.bounds().unwrap();
        assert_eq!(bounds.min(), DEFAULT_ORIGIN);
    }

    #[test]
    fn odd_models_do_not_panic() {
        let mut model = chain(&["a", "b", "c", "d"], &[("a", "a"), ("a", "b"), ("a", "b"), ("b", "a"), ("c", "zz")]);
        flow(&mut model, "zz", "d");
        model.layout.elements.insert(ElementId::new("b"), Point::new(f32::NAN, 3.0));
        model.layout.elements.insert(ElementId::new("c"), Point::new(f32::INFINITY, f32::NEG_INFINITY));
        model.layout.elements.remove(&ElementId::new("d"));
        model.layout.elements.insert(ElementId::new("ghost"), Point::new(5.0, 5.0));
        // A second element with the id "a", and boundaries without a usable rectangle.
        element(&mut model, "a", Some(Point::new(9.0e37, -9.0e37)));
        boundary(&mut model, "nan", Some(Rect::new(f32::NAN, 0.0, 10.0, 10.0)));
        boundary(&mut model, "flat", Some(Rect::new(0.0, 0.0, 0.0, 50.0)));
        boundary(&mut model, "huge", Some(Rect::new(-3.0e38, -3.0e38, 3.0e38, 3.0e38)));
        boundary(&mut model, "missing", None);
        boundary(&mut model, "missing", None);
        let after = laid_out(&model);
        assert_tidy(&model, &after);
        assert!(after.layout.elements.values().all(|p| p.is_finite()));
        assert!(after.layout.boundaries.values().all(|r| r.is_finite()));
    }

    #[test]
    fn the_same_model_gives_the_same_command() {
        let mut models: Vec<ThreatModel> = TEMPLATES.iter().map(|t| t.model().unwrap()).collect();
        models.push(chain(&["a", "b", "c", "d"], &[("a", "b"), ("b", "c"), ("c", "a"), ("d", "c"), ("a", "d")]));
        for model in &models {
            assert_eq!(auto_layout(model), auto_layout(&model.clone()));
        }
    }

    #[test]
    fn a_larger_model_is_tidy() {
        // A grid of functions, each calling the next and the one below, some in boundaries;
        // the wrap-around closes cycles.
        let n = 60;
        let mut model = ThreatModel::new("grid");
        for i in 0..n {
            element(&mut model, &format!("e{i}"), Some(Point::new((i % 8) as f32 * 300.0, (i / 8) as f32 * 150.0)));
        }
        for i in 0..n {
            flow(&mut model, &format!("e{i}"), &format!("e{}", (i * 7 + 1) % n));
            if i % 3 == 0 {
                flow(&mut model, &format!("e{i}"), &format!("e{}", (i + 8) % n));
            }
        }
        boundary(&mut model, "top", Some(Rect::new(-150.0, -80.0, 1100.0, 400.0)));
        boundary(&mut model, "nested", Some(Rect::new(-130.0, -60.0, 500.0, 150.0)));
        boundary(&mut model, "bottom", Some(Rect::new(-150.0, 500.0, 2500.0, 600.0)));
        let after = laid_out(&model);
        assert_tidy(&model, &after);
    }
}
