//! [`BaggageValue`] for IP and socket addresses, in their standard text forms.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use super::{BaggageValue, ListItem, ValueKind};
use crate::error::ValueError;

macro_rules! addresses {
    ($($address:ty => $name:literal, $format:literal, $max_len:expr),*) => {$(
        impl BaggageValue for $address {
            const TYPE_NAME: &'static str = $name;
            const KIND: &'static ValueKind = &ValueKind::Format($format);
            const MAX_ENCODED_LEN: Option<usize> = Some($max_len);

            fn encode(&self, out: &mut String) -> Result<(), ValueError> {
                let _ = write!(out, "{self}");
                Ok(())
            }

            fn decode(value: &str) -> Result<Self, ValueError> {
                value
                    .parse()
                    .map_err(|_| ValueError::new($name, concat!("not an ", $name)))
            }
        }
        impl ListItem for $address {}
    )*};
}

// An IPv6 address is at most 8 groups of 4 hex digits and 7 colons, each colon encoded as `%3A`.
addresses!(
    Ipv4Addr => "IPv4 address", "ipv4", 15,
    Ipv6Addr => "IPv6 address", "ipv6", 53,
    IpAddr => "IP address", "ip", 53
);

/// A socket address in its standard text form, as Rust, Python (`f"{host}:{port}"`,
/// `f"[{host}]:{port}"`) and URLs write it: `10.0.0.7:8080`, `[2001:db8::1]:443`, with an IPv6
/// scope as `[fe80::1%3]:443`.
///
/// The text form has no place for an IPv6 flow label: writing a `SocketAddrV6` whose flow
/// label is not 0 is an error, rather than a value that reads back different.
impl BaggageValue for SocketAddrV6 {
    const TYPE_NAME: &'static str = "IPv6 socket address";
    const KIND: &'static ValueKind = &ValueKind::Format("socketv6");
    // `[`, the address (53 encoded), `%` and a 10-digit scope, `]` and `:` (each escaped to 3
    // bytes), and a 5-digit port.
    const MAX_ENCODED_LEN: Option<usize> = Some(3 + 53 + 3 + 10 + 3 + 3 + 5);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        if self.flowinfo() != 0 {
            return Err(ValueError::new(
                Self::TYPE_NAME,
                "the text form of a socket address has no flow label; clear it to send the address",
            ));
        }
        let _ = write!(out, "{self}");
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        value.parse().map_err(|_| {
            ValueError::new(
                Self::TYPE_NAME,
                "not an IPv6 socket address ([address]:port)",
            )
        })
    }
}
impl ListItem for SocketAddrV6 {}

/// An IPv4 socket address, `address:port`.
impl BaggageValue for SocketAddrV4 {
    const TYPE_NAME: &'static str = "IPv4 socket address";
    const KIND: &'static ValueKind = &ValueKind::Format("socketv4");
    // The address (15), `:` escaped to 3 bytes, a 5-digit port.
    const MAX_ENCODED_LEN: Option<usize> = Some(15 + 3 + 5);

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        let _ = write!(out, "{self}");
        Ok(())
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        value.parse().map_err(|_| {
            ValueError::new(Self::TYPE_NAME, "not an IPv4 socket address (address:port)")
        })
    }
}
impl ListItem for SocketAddrV4 {}

/// Either socket address, as [`SocketAddrV4`] and [`SocketAddrV6`] write and read it.
impl BaggageValue for SocketAddr {
    const TYPE_NAME: &'static str = "socket address";
    const KIND: &'static ValueKind = &ValueKind::Format("socket");
    const MAX_ENCODED_LEN: Option<usize> = SocketAddrV6::MAX_ENCODED_LEN;

    fn encode(&self, out: &mut String) -> Result<(), ValueError> {
        match self {
            Self::V4(address) => address.encode(out),
            Self::V6(address) => address.encode(out),
        }
    }

    fn decode(value: &str) -> Result<Self, ValueError> {
        value.parse().map_err(|_| {
            ValueError::new(
                Self::TYPE_NAME,
                "not a socket address (address:port, or [IPv6 address]:port)",
            )
        })
    }
}
impl ListItem for SocketAddr {}
