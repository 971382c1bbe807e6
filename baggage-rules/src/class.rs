//! Byte classes of the header grammar, looked up in one table so that the parser's inner loops
//! are a load and a test.

/// RFC 7230 `tchar`: may appear in a key.
pub const TOKEN: u8 = 1;
/// W3C `baggage-octet`: may appear raw in a value.
pub const VALUE: u8 = 2;
/// A `baggage-octet` other than `%`: a value byte that stands for itself.
pub const PLAIN: u8 = 4;
/// RFC 3986 `unreserved`: the only bytes this crate writes raw in a value.
pub const UNRESERVED: u8 = 8;

/// The classes of each byte, as a bit set of the constants above.
pub static TABLE: [u8; 256] = CLASSES;

/// [`TABLE`] for `const` evaluation, which cannot read a static.
const CLASSES: [u8; 256] = build();

const fn build() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut byte = 0usize;
    while byte < 256 {
        let b = byte as u8;
        let mut bits = 0;
        let is_tchar = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if is_tchar {
            bits |= TOKEN;
        }
        // baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
        let is_octet = matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if is_octet {
            bits |= VALUE;
            if b != b'%' {
                bits |= PLAIN;
            }
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            bits |= UNRESERVED;
        }
        table[byte] = bits;
        byte += 1;
    }
    table
}

/// Whether `byte` is in `class` (one of the constants above).
#[inline]
pub fn is(byte: u8, class: u8) -> bool {
    TABLE[byte as usize] & class != 0
}

/// [`is`] in `const` evaluation.
pub const fn is_const(byte: u8, class: u8) -> bool {
    CLASSES[byte as usize] & class != 0
}

/// Whether `byte` is an RFC 3986 unreserved character (`A-Z a-z 0-9 - . _ ~`), the only bytes
/// written raw in a value.
#[inline]
pub fn is_unreserved(byte: u8) -> bool {
    is(byte, UNRESERVED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_table_holds_each_grammar_class() {
        for byte in 0..=u8::MAX {
            let octet =
                matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
            assert_eq!(is(byte, VALUE), octet, "{byte:#04x}");
            assert_eq!(is(byte, PLAIN), octet && byte != b'%', "{byte:#04x}");
            assert_eq!(
                is(byte, UNRESERVED),
                byte.is_ascii_alphanumeric() || b"-._~".contains(&byte),
                "{byte:#04x}"
            );
            if is(byte, TOKEN) {
                assert!(octet, "a key byte is a value byte: {byte:#04x}");
            }
        }
    }
}
