//! [`BorrowValue`]: the field types a struct with a lifetime reads borrowed from the header.

use std::borrow::Cow;

use super::list::read_wire_items;
use super::{BaggageValue, ListItem};
use crate::codec::WireValue;
use crate::error::ValueError;

/// A [`BaggageValue`] that a struct with a lifetime reads borrowed from the header, through
/// [`BorrowBaggage::from_header_borrowed`](crate::BorrowBaggage::from_header_borrowed).
///
/// `Cow<'h, str>` points into the header when its value holds no percent escape and owns the
/// decoded text when it does; so do the items of `Vec<Cow<'h, str>>`; `Option`s of both read
/// the same way. Implemented for those types only.
///
/// ```
/// use std::borrow::Cow;
/// use baggage_core::BorrowBaggage;
/// # use baggage_core as baggage;
///
/// #[derive(baggage_derive::Baggage)]
/// # #[baggage(crate = "baggage_core")]
/// struct Request<'h> {
///     region: Cow<'h, str>,
///     features: Vec<Cow<'h, str>>,
/// }
///
/// let header = "region=us-west,features=new_checkout%2Cdark%20mode";
/// let request = Request::from_header_borrowed(header)?;
/// assert!(matches!(request.region, Cow::Borrowed("us-west")));
/// assert!(matches!(request.features[0], Cow::Borrowed("new_checkout")));
/// assert!(matches!(&request.features[1], Cow::Owned(item) if item == "dark mode"));
/// # Ok::<(), baggage_core::DecodeError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read borrowed from the header",
    label = "this field's type uses the struct's lifetime, so it is read borrowed",
    note = "the types that borrow from the header are Cow<'h, str>, and Vec and Option of it; a field of any other type must not use the struct's lifetime"
)]
pub trait BorrowValue<'h>: BaggageValue + sealed::Sealed {
    /// Reads the value from its form on the wire, borrowing the header's text where it can.
    ///
    /// # Errors
    ///
    /// A value this type does not accept, as [`BaggageValue::decode`] says.
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError>;
}

mod sealed {
    use std::borrow::Cow;

    pub trait Sealed {}
    impl Sealed for Cow<'_, str> {}
    impl<T: Sealed> Sealed for Option<T> {}
    impl<T: Sealed> Sealed for Vec<T> {}
}

impl<'h> BorrowValue<'h> for Cow<'h, str> {
    #[inline]
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError> {
        Ok(value.decoded())
    }
}

impl<'h, T: BorrowValue<'h>> BorrowValue<'h> for Option<T> {
    #[inline]
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError> {
        match T::decode_borrowed(value) {
            Ok(value) => Ok(Some(value)),
            Err(_) if value.raw().is_empty() => Ok(None),
            Err(error) => Err(error),
        }
    }
}

impl<'h, T: BorrowValue<'h> + ListItem> BorrowValue<'h> for Vec<T> {
    fn decode_borrowed(value: WireValue<'h>) -> Result<Self, ValueError> {
        read_wire_items(value.raw(), value.is_escaped(), |item| {
            T::decode_borrowed(WireValue::new(item, false))
        })
    }
}
