//! [`TypedBaggage`]: a decoded struct in a request's extensions, the one type every integration
//! (the tower layer, the axum extractor, the tonic interceptor) puts there and looks for.

/// A decoded typed struct carried in request extensions, where a layer or an interceptor puts it
/// and an extractor finds it without decoding the header again.
///
/// The tower server layer ([`crate::tower`]) and the tonic server interceptor
/// ([`crate::tonic::server_interceptor`]) insert it; the axum extractor is this type; a tonic
/// handler reads it with `request.extensions().get::<TypedBaggage<T>>()`.
///
/// ```
/// use baggage::http::TypedBaggage;
///
/// let mut extensions = http::Extensions::new();
/// TypedBaggage::insert_into(7u64, &mut extensions);
/// assert_eq!(TypedBaggage::<u64>::from_extensions(&extensions), Some(&7));
/// assert_eq!(TypedBaggage::<u32>::from_extensions(&extensions), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypedBaggage<T>(pub T);

impl<T: Clone + Send + Sync + 'static> TypedBaggage<T> {
    /// Puts a decoded struct into request extensions.
    pub fn insert_into(value: T, extensions: &mut ::http::Extensions) {
        extensions.insert(TypedBaggage(value));
    }

    /// The decoded struct in request extensions, if a layer put one there.
    pub fn from_extensions(extensions: &::http::Extensions) -> Option<&T> {
        extensions
            .get::<TypedBaggage<T>>()
            .map(|TypedBaggage(value)| value)
    }
}
