//! `threatsketch import` of a Threat Dragon file with several diagrams is all or nothing: every
//! file name is worked out and checked before the first file is written, and a long diagram
//! title is cut short to keep the name within the platform's limits.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn threatsketch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatsketch")).args(args).output().expect("the binary runs")
}

/// A Threat Dragon file with one diagram per title, each with one actor.
fn file_with_diagrams(titles: &[&str]) -> String {
    let diagrams: Vec<_> = titles
        .iter()
        .map(|title| {
            serde_json::json!({ "title": title, "cells": [ {
                "id": "a", "shape": "actor", "position": { "x": 0, "y": 0 },
                "data": { "type": "tm.Actor", "name": "User" } } ] })
        })
        .collect();
    serde_json::json!({ "version": "2.3.0", "summary": { "title": "Shop" }, "detail": { "diagrams": diagrams } })
        .to_string()
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_long_diagram_title_is_cut_short_and_every_diagram_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("shop.json");
    let long = "Payments and refunds ".repeat(20);
    std::fs::write(&input, file_with_diagrams(&["Main", "Orders", &long])).unwrap();
    let out = dir.path().join("models");
    std::fs::create_dir(&out).unwrap();
    let output = out.join("shop.ron");
    let result = threatsketch(&["import", input.to_str().unwrap(), "--output", output.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    let names = files_in(&out);
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[..2], ["shop-1-main.ron", "shop-2-orders.ron"]);
    assert!(names[2].starts_with("shop-3-payments-and-refunds-payments"), "{names:?}");
    assert!(names[2].len() < 255, "{}", names[2].len());
    assert!(threatsketch(&["check", out.join(&names[2]).to_str().unwrap()]).status.success());
}

#[test]
fn a_name_that_cannot_be_written_stops_the_import_before_any_file_is() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("shop.json");
    let titles: Vec<String> = (1..=10).map(|n| format!("Diagram {n}")).collect();
    std::fs::write(&input, file_with_diagrams(&titles.iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
    let out = dir.path().join("models");
    std::fs::create_dir(&out).unwrap();
    // "-9.ron" still fits after the stem (the titles are left out), "-10.ron" does not.
    let output = out.join(format!("{}.ron", "s".repeat(248)));
    let result = threatsketch(&["import", input.to_str().unwrap(), "--output", output.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the file name is too long: 255 bytes, and at most 254 fit"), "{stderr}");
    assert_eq!(files_in(&out), Vec::<String>::new(), "nothing was written");
}
