//! A kill -9 while the autosave copy is written leaves the previous copy or the new one, never
//! a torn one: the copy is written beside and renamed into place.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::Duration;

use threatsketch::io::autosave::Autosaves;
use threatsketch::io::parse_model;
use threatsketch::io::templates::Template;

const LOOP: &str = "THREATSKETCH_TEST_AUTOSAVE_LOOP";

/// Run as a child: writes copies of growing models into the folder given, forever.
fn write_forever(folder: &str) -> ! {
    let store = Autosaves::at(folder);
    let mut model = Template::sample().model().unwrap();
    let mut round = 0_u64;
    loop {
        round += 1;
        model.description = format!("round {round} {}", "x".repeat((round % 50) as usize * 10_000));
        let _ = store.write("copy", &model, None);
    }
}

#[test]
fn a_kill_during_autosave_never_leaves_a_torn_copy() {
    if let Ok(folder) = std::env::var(LOOP) {
        write_forever(&folder);
    }
    let dir = tempfile::tempdir().unwrap();
    let me = std::env::current_exe().unwrap();
    for attempt in 0..5 {
        let mut child = Command::new(&me)
            .args(["--exact", "a_kill_during_autosave_never_leaves_a_torn_copy", "--nocapture"])
            .env(LOOP, dir.path())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(150 + attempt * 70));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let copy = dir.path().join("copy.ron");
        if !copy.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&copy).unwrap();
        let model = parse_model(&text, &copy).unwrap_or_else(|e| panic!("attempt {attempt}: torn copy: {e}")).model;
        assert!(model.description.starts_with("round "), "attempt {attempt}");
    }
    assert!(dir.path().join("copy.ron").exists(), "the child wrote copies before it was killed");
}
