//! tonic: typed structs injected into and extracted from gRPC metadata, and interceptors for
//! clients and servers.
//!
//! ```
//! use baggage::Baggage;
//!
//! #[derive(Debug, Clone, PartialEq, Baggage)]
//! struct RequestContext {
//!     user_id: u64,
//! }
//!
//! let mut request = tonic::Request::new(());
//! baggage::tonic::inject(request.metadata_mut(), &RequestContext { user_id: 7 })?;
//! let mut server = baggage::tonic::server_interceptor::<RequestContext>();
//! let request = server(request).map_err(|status| status.message().to_owned())?;
//! assert_eq!(
//!     request.extensions().get::<baggage::tonic::TypedBaggage<RequestContext>>(),
//!     Some(&baggage::tonic::TypedBaggage(RequestContext { user_id: 7 }))
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::{Request, Status};

use crate::{Baggage, DecodeError, EncodeError, StringBaggage};

pub use crate::extensions::TypedBaggage;

/// Every `baggage` metadata entry, read leniently as one list.
///
/// An entry holding bytes that are not ASCII is read too: the members holding them are
/// malformed and reported, and the entry's other members are kept.
pub fn string_baggage(metadata: &MetadataMap) -> StringBaggage<'static> {
    let lines = crate::extensions::text_lines(
        metadata
            .get_all("baggage")
            .iter()
            .map(|value| value.as_encoded_bytes()),
    );
    let (baggage, _) =
        StringBaggage::options().parse_lines_lenient(lines.iter().map(AsRef::as_ref));
    baggage.into_owned()
}

/// Reads a typed struct from the `baggage` metadata.
///
/// # Errors
///
/// As [`Baggage::from_baggage`].
pub fn extract<T: Baggage>(metadata: &MetadataMap) -> Result<T, DecodeError> {
    T::from_baggage(&string_baggage(metadata))
}

/// Merges a typed struct into the `baggage` metadata, keeping every other member, as one entry.
///
/// # Errors
///
/// As [`Baggage::write_to`]; the metadata is unchanged then.
pub fn inject<T: Baggage>(metadata: &mut MetadataMap, value: &T) -> Result<(), EncodeError> {
    let mut baggage = string_baggage(metadata).into_owned();
    value.write_to(&mut baggage)?;
    let header = baggage.to_header();
    metadata.remove("baggage");
    // What `to_header` writes is visible ASCII, always valid metadata.
    if let Ok(value) = MetadataValue::try_from(header.as_str()) {
        metadata.insert("baggage", value);
    }
    Ok(())
}

/// A server interceptor that decodes `T` from each request's metadata into its extensions as
/// [`TypedBaggage<T>`], and rejects a request whose baggage does not decode with
/// `INVALID_ARGUMENT` naming the key and the problem.
pub fn server_interceptor<T>() -> impl FnMut(Request<()>) -> Result<Request<()>, Status> + Clone
where
    T: Baggage + Clone + Send + Sync + 'static,
{
    |mut request: Request<()>| {
        let value = extract::<T>(request.metadata())
            .map_err(|error| Status::invalid_argument(format!("invalid baggage: {error}")))?;
        request.extensions_mut().insert(TypedBaggage(value));
        Ok(request)
    }
}

/// A client interceptor that merges `value` into each outgoing request's metadata.
pub fn client_interceptor<T>(
    value: T,
) -> impl FnMut(Request<()>) -> Result<Request<()>, Status> + Clone
where
    T: Baggage + Clone + Send + Sync + 'static,
{
    move |mut request: Request<()>| {
        inject(request.metadata_mut(), &value)
            .map_err(|error| Status::internal(format!("baggage not sent: {error}")))?;
        Ok(request)
    }
}
