//! One row per threat, in fix-first order, for a spreadsheet or an issue tracker. Every field
//! goes through `escape::csv_field` (quoting, and no formula can run).

use super::content::ReportContent;
use crate::escape::csv_field;

pub const CSV_HEADER: [&str; 15] = [
    "key",
    "element",
    "stride",
    "category",
    "title",
    "likelihood",
    "impact",
    "risk",
    "residual_risk",
    "status",
    "owner",
    "due_date",
    "mitigation",
    "question",
    "rank",
];

pub fn csv_report(content: &ReportContent<'_>) -> String {
    let mut out = String::with_capacity(256 * (content.rows.len() + 1));
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    for row in &content.rows {
        let mitigation: Vec<&str> = row.mitigations.iter().map(|m| m.label()).collect();
        let mut mitigation = mitigation.join("; ");
        if !row.steps.is_empty() {
            mitigation = format!("{mitigation}: {}", row.steps.join(" "));
        }
        let (key, rank) = (row.key(), row.rank.to_string());
        let fields = [
            key.as_str(),
            row.target_name,
            row.stride.label(),
            row.category.label(),
            row.title,
            row.likelihood.label(),
            row.impact.label(),
            row.risk.label(),
            row.residual.2.label(),
            row.status.label(),
            row.owner,
            row.due,
            &mitigation,
            row.question.map_or("", |(q, _)| q),
            &rank,
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&csv_field(field));
        }
        out.push_str("\r\n");
    }
    out
}
