//! Typed structs over the codec: the [`Baggage`] trait that `#[derive(Baggage)]` implements,
//! [`Key`], a typed key that reads or writes one member without the rest of its struct, and
//! [`MemberWriter`], the header a struct writes its members into.

mod key;
mod writer;

pub use key::Key;
pub use writer::MemberWriter;

use crate::codec::{Limits, StringBaggage};
use crate::error::{DecodeError, EncodeError, ParseError};
use crate::schema::Schema;

/// A struct whose fields travel as baggage members; implement it with `#[derive(Baggage)]`.
///
/// Reading ignores members the struct does not know; [`write_to`](Self::write_to) keeps them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a baggage struct",
    label = "`{Self}` does not implement `Baggage`",
    note = "add #[derive(Baggage)] to `{Self}` to read and write it as baggage (from_header, http::extract, the axum extractor, the layers and interceptors all need it)",
    note = "a #[baggage(flatten)] field takes such a struct, whose fields become members of the outer one; for a single value, remove `flatten`"
)]
pub trait Baggage: Sized {
    /// The keys, types and sizes this struct reads and writes.
    const SCHEMA: &'static Schema;

    /// The key of the signature member of a `#[baggage(signed)]` struct (feature `signed`).
    const SIGNATURE_KEY: Option<&'static str> = None;

    /// Reads the struct from parsed baggage.
    ///
    /// # Errors
    ///
    /// [`DecodeError`] naming the key: a required member missing, a value its type does not
    /// accept, or a member the reading of `baggage` dropped (see
    /// [`StringBaggage::read_errors`]).
    fn from_baggage(baggage: &StringBaggage<'_>) -> Result<Self, DecodeError>;

    /// Merges the struct's members into `baggage`, keeping every other member as it is.
    ///
    /// A member whose value is unchanged is left untouched, properties included; a changed one is
    /// replaced (see [`StringBaggage::insert`]); an absent `Option` field removes its key. Nothing
    /// is changed when an error is returned.
    ///
    /// # Errors
    ///
    /// [`EncodeError`] naming the key when a value cannot be written (invalid, too long, looks
    /// like personal data) or the baggage would pass its limits.
    fn write_to(&self, baggage: &mut StringBaggage<'_>) -> Result<(), EncodeError> {
        let header = self.to_header()?;
        // This crate's own output always parses; nothing of it is dropped.
        let (ours, _) = StringBaggage::options()
            .limits(Limits::new(usize::MAX, usize::MAX))
            .parse_lenient(&header);
        // Baggage that already says what the struct writes is left as it is, without a copy. A
        // signed struct is always signed anew.
        let said = || {
            Self::SCHEMA.every_field(&mut |field| {
                (ours.get(field.key()).is_some() || baggage.get(field.key()).is_none())
                    && field
                        .aliases()
                        .iter()
                        .all(|alias| baggage.get(alias).is_none())
            }) && ours
                .iter()
                .all(|member| baggage.get_all(member.key()).eq([member.value()]))
        };
        if Self::SIGNATURE_KEY.is_none() && said() {
            return Ok(());
        }
        let mut staged = baggage.clone();
        Self::SCHEMA.every_field(&mut |field| {
            if ours.get(field.key()).is_none() {
                staged.remove(field.key());
            }
            // What an alias said, the key now says: one value travels, under the key.
            for alias in field.aliases() {
                staged.remove(alias);
            }
            true
        });
        for member in &ours {
            let unchanged = staged.get_all(member.key()).eq([member.value()]);
            if !unchanged {
                // Owned, a member keeps one copy of the text it was written with.
                staged.insert_member(member.clone().into_owned())?;
            }
        }
        #[cfg(feature = "signed")]
        if let Some(signature_key) = Self::SIGNATURE_KEY {
            crate::signing::sign(Self::SCHEMA, signature_key, &mut staged)
                .map_err(EncodeError::Signature)?;
        }
        *baggage = staged;
        Ok(())
    }

    /// Reads the struct from a `baggage` header.
    ///
    /// The header is read leniently, as a propagator does: a malformed member that the struct
    /// does not need is ignored, while one it needs is reported as [`DecodeError::Header`].
    /// The derive reads the header in one pass, matching keys as it goes, without building
    /// [`StringBaggage`].
    ///
    /// # Errors
    ///
    /// As [`from_baggage`](Self::from_baggage); a malformed member of one of the struct's keys
    /// is [`DecodeError::Header`], and a limit that cut the header before one of them
    /// [`DecodeError::CutByLimit`].
    fn from_header(header: &str) -> Result<Self, DecodeError> {
        let (baggage, _) = StringBaggage::parse_lenient(header);
        Self::from_baggage(&baggage)
    }

    /// Writes the struct as a `baggage` header of its own members, into one buffer sized from
    /// the struct's worst case.
    ///
    /// # Errors
    ///
    /// [`EncodeError`] naming the key of a value that cannot be written, or
    /// [`EncodeError::OverBudget`] when the members are longer than the struct's budget.
    fn to_header(&self) -> Result<String, EncodeError> {
        let budget = Self::SCHEMA.budget();
        let mut writer = MemberWriter::with_capacity(Self::SCHEMA.header_capacity());
        self.write_members(&mut writer)?;
        let header = writer.finish(budget)?;
        #[cfg(feature = "signed")]
        if let Some(signature_key) = Self::SIGNATURE_KEY {
            let (mut signed, _) = StringBaggage::options()
                .limits(Limits::new(usize::MAX, usize::MAX))
                .parse_lenient(&header);
            crate::signing::sign(Self::SCHEMA, signature_key, &mut signed)
                .map_err(EncodeError::Signature)?;
            return Ok(signed.to_header());
        }
        Ok(header)
    }

    /// Writes each member into `writer`, in field order, with [`MemberWriter::write`]; what
    /// [`to_header`](Self::to_header) calls. The derive generates it.
    ///
    /// # Errors
    ///
    /// The first member that cannot be written (see [`MemberWriter::write`]).
    fn write_members(&self, writer: &mut MemberWriter) -> Result<(), EncodeError>;
}

/// A [`Baggage`] struct that reads its text fields borrowed from the header.
///
/// `#[derive(Baggage)]` implements it for every struct. On a struct with a lifetime `'h`, the
/// fields whose type uses `'h` (`Cow<'h, str>`, and `Vec` and `Option` of it; see
/// [`BorrowValue`](crate::BorrowValue)) point into the header when their value holds no percent escape, so reading
/// them allocates nothing; every other field reads as in [`Baggage::from_header`], which on the
/// same struct always owns its text. On a struct without a lifetime, and on one with flattened
/// fields or a signature (which read through parsed baggage), it is
/// [`from_header`](Baggage::from_header).
///
/// ```
/// use std::borrow::Cow;
/// use baggage_core::{Baggage, BorrowBaggage};
/// # use baggage_core as baggage;
///
/// #[derive(baggage_derive::Baggage)]
/// # #[baggage(crate = "baggage_core")]
/// struct Request<'h> {
///     user_id: u64,
///     region: Cow<'h, str>,
/// }
///
/// let header = "user_id=12345,region=us-west";
/// let borrowed = Request::from_header_borrowed(header)?;
/// assert!(matches!(borrowed.region, Cow::Borrowed("us-west")));
/// // The same struct read with `from_header` owns its text, so it outlives the header.
/// let owned: Request<'static> = Request::from_header(header)?;
/// assert!(matches!(owned.region, Cow::Owned(_)));
/// # Ok::<(), baggage_core::DecodeError>(())
/// ```
pub trait BorrowBaggage<'h>: Baggage {
    /// Reads the struct from a `baggage` header as [`Baggage::from_header`] does, borrowing the
    /// values of fields that use the struct's lifetime from `header`.
    ///
    /// # Errors
    ///
    /// As [`Baggage::from_header`].
    fn from_header_borrowed(header: &'h str) -> Result<Self, DecodeError>;
}

/// Why a key the struct reads is absent, when reading dropped something that could be its
/// member: its own parse error, or the limit that cut the header.
pub(crate) fn dropped(key: &'static str, reason: ParseError) -> DecodeError {
    if reason.is_limit() {
        DecodeError::CutByLimit { key, limit: reason }
    } else {
        DecodeError::Header(reason)
    }
}
