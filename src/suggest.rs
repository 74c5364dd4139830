//! "Did you mean" for misspelt names: the closest candidate by edit distance over characters.

/// The candidate closest to `input`, if it is close enough to be a likely slip.
pub fn closest<'c>(input: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let input_len = input.chars().count();
    candidates
        .into_iter()
        .map(|candidate| (distance(input, candidate), candidate))
        .filter(|&(d, candidate)| {
            let longest = input_len.max(candidate.chars().count());
            // One slip in a short name, about a third of a longer one.
            d > 0 && d <= (longest / 3).max(1)
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance counted in characters (so a CJK character is one edit).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute =
                previous.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != *cb);
            let delete = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insert = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
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
    fn distance_counts_characters_not_bytes() {
        assert_eq!(distance("东吴", "东胜"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
