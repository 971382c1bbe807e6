//! Byte searches of the parser's inner loops: eight bytes at a time for the separators, four at a
//! time for a value's plain bytes.

use baggage_rules::class;

/// The index of the first `byte` at or after `from`, or the length of `bytes`.
pub(crate) fn find_byte(bytes: &[u8], from: usize, byte: u8) -> usize {
    find_byte_from(bytes, from, byte).unwrap_or(bytes.len())
}

/// The index of the first byte at or after `from` that is not [`class::PLAIN`], four bytes a
/// step while four remain: a value's bytes are each looked up, so the step saves the loop's
/// own work on all but the last few.
#[inline(always)]
pub(crate) fn plain_run(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(&[a, b, c, d]) = bytes.get(at..).and_then(<[u8]>::first_chunk::<4>) {
        let plain = |byte| class::is(byte, class::PLAIN);
        if !plain(a) {
            return at;
        }
        if !plain(b) {
            return at + 1;
        }
        if !plain(c) {
            return at + 2;
        }
        if !plain(d) {
            return at + 3;
        }
        at += 4;
    }
    at + class_run(bytes.get(at..).unwrap_or_default(), class::PLAIN)
}

/// The index of the first `=` or `,` in `bytes`, found eight bytes at a time: keys are matched
/// by the caller rather than checked byte by byte, so finding their end is all the scan does.
#[inline(always)]
pub(crate) fn find_equals_or_comma(bytes: &[u8]) -> Option<usize> {
    find_in_words(bytes, |word| {
        word_matches(word, b'=') | word_matches(word, b',')
    })
    .or_else(|| {
        let tail_start = bytes.len() - bytes.len() % 8;
        let tail = bytes.get(tail_start..)?;
        let offset = tail.iter().position(|&b| b == b'=' || b == b',')?;
        Some(tail_start + offset)
    })
}

/// The index of the first `byte` at or after `from` in `bytes`, found eight bytes at a time.
#[inline(always)]
pub(crate) fn find_byte_from(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let found = find_in_words(rest, |word| word_matches(word, byte)).or_else(|| {
        let tail_start = rest.len() - rest.len() % 8;
        let offset = rest.get(tail_start..)?.iter().position(|&b| b == byte)?;
        Some(tail_start + offset)
    })?;
    Some(from + found)
}

/// The index of the first byte that `matches` flags in the whole eight-byte words of `bytes`:
/// `matches` sets the high bit of each byte it flags, exactly at least for the lowest one.
#[inline(always)]
fn find_in_words(bytes: &[u8], matches: impl Fn(u64) -> u64) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = matches(u64::from_le_bytes(*chunk));
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    None
}

/// The high bit of each byte of `word` that equals `byte`; exact for the lowest such byte, which
/// is all that is read (a borrow only carries into the bytes above it).
#[inline(always)]
fn word_matches(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let diff = word ^ (ONES * u64::from(byte));
    diff.wrapping_sub(ONES) & !diff & (ONES << 7)
}

/// The length of the run of bytes of `byte_class` that `bytes` starts with.
#[inline(always)]
pub(crate) fn class_run(bytes: &[u8], byte_class: u8) -> usize {
    bytes
        .iter()
        .position(|&b| !class::is(b, byte_class))
        .unwrap_or(bytes.len())
}
