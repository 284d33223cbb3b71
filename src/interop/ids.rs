//! UUIDs for exports to tools that use them (Threat Dragon's cells and threats, Threat
//! Composer's statements and mitigations); ours are short ("e3"). The same model always gets the
//! same UUIDs, so an export diffs cleanly against the previous one, and ids that came from the
//! other tool are written back unchanged.

/// `id` itself when it already is a UUID (an imported model), else one derived from it.
pub(crate) fn cell_uuid(id: &str) -> String {
    if is_uuid(id) { id.to_owned() } else { derived_uuid("cell", id) }
}

/// A UUID made from a name: 128 bits of two FNV-1a hashes, marked as RFC 9562 version 8
/// ("custom") with the standard variant, so tools that check UUIDs accept it.
pub(crate) fn derived_uuid(namespace: &str, name: &str) -> String {
    let high = mix(fnv1a(0xcbf2_9ce4_8422_2325, namespace, name));
    let low = mix(fnv1a(0x6c62_272e_07bb_0142, namespace, name));
    let high = (high & !0xf000) | 0x8000; // version 8 in bits 48..52
    let low = (low & !(0b11 << 62)) | (0b10 << 62); // variant 10
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

fn fnv1a(basis: u64, namespace: &str, name: &str) -> u64 {
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    let bytes = namespace.bytes().chain([0]).chain(name.bytes());
    bytes.fold(basis, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// MurmurHash3's finaliser: FNV-1a barely changes its leading bits for names that differ only
/// at the end ("e1", "e2"), which made ids look alike; this spreads every input bit.
fn mix(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// 8-4-4-4-12 hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_distinct_and_shaped_like_uuids() {
        let a = cell_uuid("e1");
        assert_eq!(a, cell_uuid("e1"));
        assert_ne!(a, cell_uuid("e2"));
        assert_ne!(derived_uuid("cell", "e1"), derived_uuid("threat", "e1"));
        assert!(is_uuid(&a), "{a}");
        assert_eq!(a.as_bytes()[14], b'8', "version 8: {a}");
        assert!(matches!(a.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "variant: {a}");
    }

    #[test]
    fn uuids_from_threat_dragon_are_kept() {
        let id = "B394F9F7-07ca-42bc-b616-ad77c6fbfcce";
        assert_eq!(cell_uuid(id), id);
        assert!(!is_uuid("actor2"));
    }
}
