//! [`Member`] and [`Property`]: one list member of the header and its `;`-separated properties.

use std::borrow::Cow;
use std::fmt;

use baggage_rules::encoded_value_len;

use super::escape::encode_value_into;
use crate::key::{validate_key, KeyError};

/// One `;`-separated property of a member: `key=value` or a bare `key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Property<'a> {
    pub(crate) key: Cow<'a, str>,
    pub(crate) value: Option<Cow<'a, str>>,
}

impl<'a> Property<'a> {
    /// A property `key=value`, or a bare `key` when `value` is `None`.
    ///
    /// # Errors
    ///
    /// [`KeyError`] when the property's key is not a valid key.
    pub fn new(
        key: impl Into<Cow<'a, str>>,
        value: Option<impl Into<Cow<'a, str>>>,
    ) -> Result<Self, KeyError> {
        let key = key.into();
        validate_key(&key)?;
        Ok(Self {
            key,
            value: value.map(Into::into),
        })
    }

    /// The property's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The property's decoded value, `None` for a bare key.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// This property with owned strings.
    pub fn into_owned(self) -> Property<'static> {
        Property {
            key: Cow::Owned(self.key.into_owned()),
            value: self.value.map(|value| Cow::Owned(value.into_owned())),
        }
    }

    fn encoded_len(&self) -> usize {
        1 + self.key.len()
            + self
                .value
                .as_deref()
                .map_or(0, |v| 1 + encoded_value_len(v))
    }
}

/// One list member: a key, its decoded value and its properties.
///
/// A member read from a header remembers the text it came with (between its commas, surrounding
/// whitespace trimmed), and is written with exactly that text until it is replaced, so that
/// baggage passed on unchanged reads in the next service as it did in the one before. Equality
/// compares keys, decoded values and properties, not that text: `a=%41` equals `a=A`.
///
/// ```
/// use baggage_core::Member;
///
/// let member = Member::new("region", "us west")?.with_property("source", Some("edge"))?;
/// assert_eq!(member.to_string(), "region=us%20west;source=edge");
/// # Ok::<(), baggage_core::KeyError>(())
/// ```
#[derive(Clone)]
pub struct Member<'a> {
    pub(crate) key: Part<'a>,
    pub(crate) value: Part<'a>,
    pub(crate) properties: Vec<Property<'a>>,
    /// The member's text as it was read, written back as it is; `None` for a member made here.
    pub(crate) received: Option<Cow<'a, str>>,
}

/// A member's key or value: text of its own, or a part of the text the member was received
/// with. An owned member keeps one copy of that text, its key and unescaped value parts of it,
/// instead of three copies.
#[derive(Clone)]
pub(crate) enum Part<'a> {
    Text(Cow<'a, str>),
    InReceived(std::ops::Range<usize>),
}

impl<'a> Part<'a> {
    /// The part made owned; `received` is the member's received text before it was copied.
    fn into_owned(self, received: Option<&str>) -> Part<'static> {
        match self {
            Part::InReceived(range) => Part::InReceived(range),
            Part::Text(Cow::Owned(text)) => Part::Text(Cow::Owned(text)),
            Part::Text(Cow::Borrowed(text)) => match received.and_then(|r| range_within(r, text)) {
                Some(range) => Part::InReceived(range),
                None => Part::Text(Cow::Owned(text.to_owned())),
            },
        }
    }
}

/// Where `part` lies within `text`, when it is a slice of it.
fn range_within(text: &str, part: &str) -> Option<std::ops::Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let range = start..start.checked_add(part.len())?;
    (text.get(range.clone())? == part).then_some(range)
}

impl fmt::Debug for Member<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Member")
            .field("key", &self.key())
            .field("value", &self.value())
            .field("properties", &self.properties)
            .field("received", &self.received)
            .finish()
    }
}

impl PartialEq for Member<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
            && self.value() == other.value()
            && self.properties == other.properties
    }
}

impl Eq for Member<'_> {}

impl std::hash::Hash for Member<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
        self.value().hash(state);
        self.properties.hash(state);
    }
}

impl<'a> Member<'a> {
    /// A member `key=value` without properties; fails when `key` is not a valid key.
    ///
    /// # Errors
    ///
    /// [`KeyError`] when `key` is not a valid key.
    pub fn new(
        key: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) -> Result<Self, KeyError> {
        let key = key.into();
        validate_key(&key)?;
        Ok(Self {
            key: Part::Text(key),
            value: Part::Text(value.into()),
            properties: Vec::new(),
            received: None,
        })
    }

    /// This member with one more property (`None` for a bare key). The member is then written
    /// anew, no longer with the text it was read with.
    ///
    /// # Errors
    ///
    /// [`KeyError`] when the property's key is not a valid key.
    pub fn with_property(
        mut self,
        key: impl Into<Cow<'a, str>>,
        value: Option<impl Into<Cow<'a, str>>>,
    ) -> Result<Self, KeyError> {
        self.properties.push(Property::new(key, value)?);
        // Written anew: the key and value get text of their own, the received text goes.
        if matches!(self.key, Part::InReceived(_)) || matches!(self.value, Part::InReceived(_)) {
            self.key = Part::Text(Cow::Owned(self.key().to_owned()));
            self.value = Part::Text(Cow::Owned(self.value().to_owned()));
        }
        self.received = None;
        Ok(self)
    }

    /// The text this member was read with, which [`StringBaggage::to_header`](super::StringBaggage::to_header) writes back
    /// unchanged; `None` for a member made with [`Member::new`].
    ///
    /// ```
    /// use baggage_core::StringBaggage;
    ///
    /// // As Python's propagator writes `a b+c`: the next Python service must read it the same.
    /// let baggage = StringBaggage::parse("note=a+b%2Bc")?;
    /// let note = baggage.get_member("note").unwrap();
    /// assert_eq!(note.value(), "a+b+c");
    /// assert_eq!(note.received(), Some("note=a+b%2Bc"));
    /// assert_eq!(baggage.to_header(), "note=a+b%2Bc");
    /// # Ok::<(), baggage_core::ParseError>(())
    /// ```
    pub fn received(&self) -> Option<&str> {
        self.received.as_deref()
    }

    /// The member's key.
    pub fn key(&self) -> &str {
        self.part(&self.key)
    }

    /// The member's decoded value.
    pub fn value(&self) -> &str {
        self.part(&self.value)
    }

    fn part<'s>(&'s self, part: &'s Part<'a>) -> &'s str {
        match part {
            Part::Text(text) => text,
            Part::InReceived(range) => self
                .received
                .as_deref()
                .and_then(|received| received.get(range.clone()))
                .unwrap_or_default(),
        }
    }

    /// `part` as text of its own, `received` the member's received text.
    fn take_part(part: Part<'a>, received: Option<Cow<'a, str>>) -> Cow<'a, str> {
        match (part, received) {
            (Part::Text(text), _) => text,
            (Part::InReceived(range), Some(Cow::Borrowed(text))) => {
                Cow::Borrowed(text.get(range).unwrap_or_default())
            }
            (Part::InReceived(range), Some(Cow::Owned(mut text))) => {
                // The part cut out of the received text, without a copy.
                text.truncate(range.end);
                text.drain(..range.start.min(text.len()));
                Cow::Owned(text)
            }
            (Part::InReceived(_), None) => Cow::Borrowed(""),
        }
    }

    /// The member's value, taken out of it.
    pub(crate) fn into_value(mut self) -> Cow<'a, str> {
        self.take_value()
    }

    /// The member's value, taken out of it; the member is left with an empty value and without
    /// its received text.
    pub(crate) fn take_value(&mut self) -> Cow<'a, str> {
        let value = std::mem::replace(&mut self.value, Part::Text(Cow::Borrowed("")));
        Self::take_part(value, self.received.take())
    }

    /// The member's properties, in order.
    pub fn properties(&self) -> &[Property<'a>] {
        &self.properties
    }

    /// Whether the value borrows from the parsed header rather than owning a copy.
    pub fn is_value_borrowed(&self) -> bool {
        match self.value {
            Part::Text(Cow::Borrowed(_)) => true,
            Part::Text(Cow::Owned(_)) => false,
            Part::InReceived(_) => matches!(self.received, Some(Cow::Borrowed(_))),
        }
    }

    /// This member with owned strings: one copy of the text it was received with, of which its
    /// key and (when it holds no escape) its value are parts.
    pub fn into_owned(self) -> Member<'static> {
        let received = self.received.as_deref();
        let key = self.key.into_owned(received);
        let value = self.value.into_owned(received);
        Member {
            key,
            value,
            properties: self
                .properties
                .into_iter()
                .map(Property::into_owned)
                .collect(),
            received: self.received.map(|text| Cow::Owned(text.into_owned())),
        }
    }

    /// The length of this member as [`StringBaggage::to_header`](super::StringBaggage::to_header) writes it.
    pub fn encoded_len(&self) -> usize {
        if let Some(received) = &self.received {
            return received.len();
        }
        self.key().len()
            + 1
            + encoded_value_len(self.value())
            + self
                .properties
                .iter()
                .map(Property::encoded_len)
                .sum::<usize>()
    }

    pub(crate) fn write(&self, out: &mut String) {
        if let Some(received) = &self.received {
            out.push_str(received);
            return;
        }
        out.push_str(self.key());
        out.push('=');
        encode_value_into(self.value(), out);
        for property in &self.properties {
            out.push(';');
            out.push_str(&property.key);
            if let Some(value) = &property.value {
                out.push('=');
                encode_value_into(value, out);
            }
        }
    }
}

impl fmt::Display for Member<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(self.encoded_len());
        self.write(&mut out);
        f.write_str(&out)
    }
}
