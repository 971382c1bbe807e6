//! Token helpers of the expansion: renaming a lifetime, respanning, `Option` literals.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};

/// `tokens` with `lifetime` replaced by `'static`, for a type named outside the struct's impls.
pub(super) fn with_static_lifetime(tokens: TokenStream, lifetime: &syn::Lifetime) -> TokenStream {
    let mut out = Vec::new();
    let mut after_quote = false;
    for token in tokens {
        let token = match token {
            TokenTree::Group(group) => {
                let mut replaced = Group::new(
                    group.delimiter(),
                    with_static_lifetime(group.stream(), lifetime),
                );
                replaced.set_span(group.span());
                TokenTree::Group(replaced)
            }
            TokenTree::Ident(ident) if after_quote && ident == lifetime.ident => {
                TokenTree::Ident(syn::Ident::new("static", ident.span()))
            }
            other => other,
        };
        after_quote = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '\'');
        out.push(token);
    }
    out.into_iter().collect()
}

/// `tokens` with every span set to `span`, so that an error in them points at the user's token.
pub(super) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut respanned = Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                token = TokenTree::Group(respanned);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

pub fn option<T: ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
