//! The exact arithmetic of pace: quantities in thousandths ([`Milli`]) and rates as fractions
//! ([`Rate`]), so a unit is behind exactly when the figures say so, never by a rounding error;
//! and a rate as the bulletin prints it (74.8%, 40%).

use std::cmp::Ordering;

/// A quantity or a percentage in thousandths: 860套 is `Milli(860_000)`, 74.8% is `Milli(74_800)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Milli(pub u64);

impl Milli {
    /// The largest figure read: a billion of anything. Below it, every sum and product of the
    /// arithmetic here fits in a `u128`.
    pub const MAX: Milli = Milli(1_000_000_000_000);

    /// A whole number.
    pub const fn whole(value: u64) -> Milli {
        Milli(value * 1000)
    }

    /// A number as read from a sheet or the plan, rounded to thousandths; `None` when it is
    /// negative, not a number, or past [`Milli::MAX`].
    pub fn from_f64(value: f64) -> Option<Milli> {
        let scaled = (value * 1000.0).round();
        (value.is_finite() && value >= 0.0 && scaled <= Milli::MAX.0 as f64)
            .then_some(Milli(scaled as u64))
    }

    /// The number as a clerk writes it: `860`, `55.5`, `0.125`.
    pub fn text(self) -> String {
        let whole = self.0 / 1000;
        let fraction = self.0 % 1000;
        if fraction == 0 {
            return whole.to_string();
        }
        let digits = format!("{fraction:03}");
        format!("{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// A rate as an exact fraction (`num / den`, `den` > 0): 完成率, 序时进度.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    num: u128,
    den: u128,
}

impl Rate {
    pub const ZERO: Rate = Rate { num: 0, den: 1 };
    pub const ONE: Rate = Rate { num: 1, den: 1 };

    /// `num / den`; zero when `den` is zero (a total of nothing is no progress).
    pub fn new(num: u128, den: u128) -> Rate {
        if den == 0 {
            Rate::ZERO
        } else {
            Rate { num, den }
        }
    }

    /// The rate, at most 100%.
    pub fn capped(self) -> Rate {
        self.min(Rate::ONE)
    }

    /// The rate as a plain number (1.0 = 100%), for means and JSON.
    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// This rate less `points` percentage points (in thousandths), at least zero.
    pub fn minus_points(self, points: Milli) -> Rate {
        // num/den − p/100_000 = (num·100_000 − p·den) / (den·100_000)
        let den = self.den * 100_000;
        let num = (self.num * 100_000).saturating_sub(u128::from(points.0) * self.den);
        Rate::new(num, den)
    }

    /// The rate in tenths of a percent, rounded half up: 273/365 → 748.
    pub fn per_mille(self) -> u128 {
        (self.num * 2000 + self.den) / (self.den * 2)
    }

    /// The rate as the bulletin prints it: one decimal, a trailing .0 dropped (74.8%, 40%).
    pub fn percent_text(self) -> String {
        percent_text(self.per_mille())
    }

    /// The mean of rates, exactly (zero for none): each rate is brought to a common denominator.
    pub fn mean(rates: impl Iterator<Item = Rate>) -> Rate {
        let rates: Vec<Rate> = rates.collect();
        if rates.is_empty() {
            return Rate::ZERO;
        }
        // Rates of one task share few denominators (1, 100_000, a target); sum them pairwise.
        let sum = rates.iter().fold(Rate::ZERO, |sum, rate| {
            if sum.den == rate.den {
                Rate::new(sum.num + rate.num, sum.den)
            } else {
                let den = lcm(sum.den, rate.den);
                Rate::new(sum.num * (den / sum.den) + rate.num * (den / rate.den), den)
            }
        });
        reduce(Rate::new(sum.num, sum.den * rates.len() as u128))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: u128, b: u128) -> u128 {
    a / gcd(a, b).max(1) * b
}

fn reduce(rate: Rate) -> Rate {
    let divisor = gcd(rate.num, rate.den).max(1);
    Rate::new(rate.num / divisor, rate.den / divisor)
}

/// Tenths of a percent as the bulletin prints them: 748 → 74.8%, 400 → 40%.
pub fn percent_text(per_mille: u128) -> String {
    let (whole, tenth) = (per_mille / 10, per_mille % 10);
    if tenth == 0 {
        format!("{whole}%")
    } else {
        format!("{whole}.{tenth}%")
    }
}

impl PartialEq for Rate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Rate {}

impl PartialOrd for Rate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_have_one_decimal_and_drop_a_trailing_zero() {
        assert_eq!(Rate::new(2, 5).percent_text(), "40%");
        assert_eq!(Rate::new(860, 1200).percent_text(), "71.7%");
        assert_eq!(Rate::new(1, 3).percent_text(), "33.3%");
        assert_eq!(Rate::new(2, 3).percent_text(), "66.7%");
        assert_eq!(Rate::new(9995, 10000).percent_text(), "100%");
        assert_eq!(Rate::ZERO.percent_text(), "0%");
        assert_eq!(Rate::ONE.percent_text(), "100%");
    }

    #[test]
    fn quantities_print_as_a_clerk_writes_them() {
        assert_eq!(Milli::whole(860).text(), "860");
        assert_eq!(Milli(55_500).text(), "55.5");
        assert_eq!(Milli(125).text(), "0.125");
        assert_eq!(Milli::from_f64(12.3456), Some(Milli(12_346)));
        assert_eq!(Milli::from_f64(-1.0), None);
        assert_eq!(Milli::from_f64(f64::NAN), None);
        assert_eq!(Milli::from_f64(2e9), None);
    }
}
