//! Stable UUIDs for the export, made from ThreatSketch's keys ("rule@e3"), so exporting the
//! same model twice gives the same file and a re-export diffs cleanly in Threat Composer's
//! terms (it links mitigations to threats by these ids).
//!
//! Threat Dragon's export derives its UUIDs the same way in `threat_dragon::ids`, which is
//! private to that module; once it is `pub(crate)`, this function should call its
//! `derived_uuid` instead, and this file goes away.

/// A UUID made from a namespace ("threat", "mitigation") and a name: the 128-bit FNV-1a hash of
/// both, marked as RFC 9562 version 8 ("custom") with the standard variant, as UUIDs must be.
pub(super) fn derived_uuid(namespace: &str, name: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    // The zero byte keeps ("ab", "c") and ("a", "bc") apart.
    let bytes = namespace.bytes().chain([0]).chain(name.bytes());
    let hash = bytes.fold(OFFSET, |hash, byte| (hash ^ u128::from(byte)).wrapping_mul(PRIME));
    let hash = (hash & !(0xf << 76)) | (0x8 << 76); // version 8
    let hash = (hash & !(0b11 << 62)) | (0b10 << 62); // variant 10
    let hex = format!("{hash:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_distinct_and_shaped_like_uuids() {
        let a = derived_uuid("threat", "rule@e1");
        assert_eq!(a, derived_uuid("threat", "rule@e1"));
        assert_ne!(a, derived_uuid("threat", "rule@e2"));
        assert_ne!(derived_uuid("threat", "x"), derived_uuid("mitigation", "x"));
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'8', "version 8: {a}");
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "variant: {a}");
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
    }
}
