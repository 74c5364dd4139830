//! "Did you mean" for misspelt names: the closest candidate by edit distance over characters.

/// The candidate closest to `input`, if it is close enough to be a likely slip and no other
/// candidate is as close (a guess between two names would mislead more than help).
pub fn closest<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let input_len = input.chars().count();
    let mut best: Option<(usize, &'c str)> = None;
    let mut tied = false;
    for candidate in candidates {
        let d = distance(input, candidate);
        let longest = input_len.max(candidate.chars().count());
        // One slip in a short name, about a third of a longer one.
        if d == 0 || d > (longest / 3).max(1) {
            continue;
        }
        match best {
            Some((best_d, _)) if d > best_d => {}
            Some((best_d, _)) if d == best_d => tied = true,
            _ => {
                best = Some((d, candidate));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, candidate)| candidate)
}

/// The "did you mean" a message adds after a misspelt name (`，是否为“deadline”？`), or
/// nothing when no candidate is close enough.
pub fn did_you_mean<'c>(
    input: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<String> {
    closest(input, candidates).map(|close| format!("，是否为“{close}”？"))
}

/// Levenshtein distance counted in characters (so a CJK character is one edit).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_character_slip_is_suggested() {
        assert_eq!(
            closest("deadlin", ["id", "deadline", "text"]),
            Some("deadline")
        );
        assert_eq!(closest("钟公", ["钟公庙", "东吴"]), Some("钟公庙"));
    }

    #[test]
    fn nothing_is_suggested_for_an_unrelated_name() {
        assert_eq!(closest("月湖", ["瞻岐", "咸祥"]), None);
        assert_eq!(closest("瞻岐", ["瞻岐"]), None);
    }

    #[test]
    fn nothing_is_suggested_when_two_names_are_as_close() {
        assert_eq!(closest("东x", ["东吴", "东胜"]), None);
        assert_eq!(closest("东x", ["东吴", "西岭"]), Some("东吴"));
    }

    #[test]
    fn distance_counts_characters_not_bytes() {
        assert_eq!(distance("东吴", "东胜"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
