//! Checks across a model: conflicting attributes, key validity, duplicate keys, the PII key rule.
//! Key rules come from `baggage-core`, the same functions the run time uses. Type-dependent
//! checks (supported types, `max_len`, the budget) are emitted as code, so that the compiler
//! judges them with the real types.

use std::collections::HashMap;

use baggage_rules::key::{validate_key, KeyProblem, KEY_CHARACTERS};
use baggage_rules::pii;
use proc_macro2::Span;

use crate::attr::{
    ALIAS, ALLOW_PII, DEFAULT, FLATTEN, INTERNAL, MAX_LEN, METRIC_LABEL, RENAME, SKIP,
    SKIP_TRACING, WITH,
};
use crate::ctxt::Ctxt;
use crate::model::{FieldKind, Struct, Value, ValueShape};

pub fn check_struct(cx: &Ctxt, model: &Struct) {
    for field in &model.fields {
        let attrs = &field.attrs;
        let conflicts: &[(&str, Option<Span>)] = &[
            (RENAME, attrs.rename.span()),
            (ALIAS, attrs.aliases.first().map(|(span, _)| *span)),
            (DEFAULT, attrs.default.span()),
            (MAX_LEN, attrs.max_len.span()),
            (WITH, attrs.with.span()),
            (ALLOW_PII, attrs.allow_pii.span()),
            (INTERNAL, attrs.internal.span()),
            (METRIC_LABEL, attrs.metric_label.span()),
            (SKIP_TRACING, attrs.skip_tracing.span()),
        ];
        match field.kind {
            FieldKind::Skip => conflict(
                cx,
                SKIP,
                conflicts,
                &[DEFAULT],
                "a skipped field has no member",
            ),
            FieldKind::Flatten => {
                conflict(
                    cx,
                    FLATTEN,
                    conflicts,
                    &[],
                    "a flattened struct brings its own members, with their own attributes",
                );
                if option_argument(field.ty).is_some() {
                    cx.error_at(
                        syn::spanned::Spanned::span(field.ty),
                        concat!(
                            "`flatten` takes a struct, not an `Option` of one: a header with some of ",
                            "its members would read as neither `None` nor the struct; make the ",
                            "inner struct's fields `Option` or `default` instead"
                        ),
                    );
                }
            }
            FieldKind::Member => check_lossy_shape(cx, field.ty),
        }
    }
    check_keys(cx, model);
    check_key_constants(cx, model);
    check_member_count(cx, model);
    if model.attrs.signed.is_set() {
        for (_, span) in model.members().flat_map(|field| &field.aliases) {
            cx.error_at(
                *span,
                "an alias cannot be read on a #[baggage(signed)] struct: the signature covers the \
                 fields' own keys, so a member under an alias would be read unsigned; drop the \
                 alias, or sign after the migration",
            );
        }
    }
}

/// The most members a header holds, by the W3C grammar; a struct reading more could never
/// receive them all.
const MAX_MEMBERS: usize = 180;

fn check_member_count(cx: &Ctxt, model: &Struct) {
    let count = model.members().count();
    if count > MAX_MEMBERS {
        cx.error_at(
            model.ident.span(),
            format!(
                "`{}` has {count} baggage members, and a header carries at most {MAX_MEMBERS} \
                 (the W3C grammar's ceiling), so no header could hold them all; split the \
                 struct, or mark the fields it does not send #[baggage(skip)]",
                model.ident
            ),
        );
    }
}

/// Two fields whose names differ only in case (`user_id`, `USER_ID`) would both make the key
/// constant `USER_ID`.
fn check_key_constants(cx: &Ctxt, model: &Struct) {
    let mut seen: HashMap<String, &syn::Ident> = HashMap::new();
    for field in model.members() {
        let constant = crate::expand::constant_name(field).to_string();
        match seen.get(constant.as_str()) {
            Some(first) => cx.error_at(
                field.ident.span(),
                format!(
                    "fields `{first}` and `{}` would both make the key constant `{constant}`; \
                     rename one of them in Rust and keep its key with #[baggage(rename = \"{}\")]",
                    field.ident, field.key
                ),
            ),
            None => {
                seen.insert(constant, field.ident);
            }
        }
    }
}

/// Refuses `Option<Option<T>>`: one member cannot tell `None` from `Some(None)`, so a value
/// written as one would read back as the other.
fn check_lossy_shape(cx: &Ctxt, ty: &syn::Type) {
    let Some(inner) = option_argument(ty) else {
        return;
    };
    if option_argument(inner).is_some() {
        cx.error_at(
            syn::spanned::Spanned::span(ty),
            concat!(
                "`Option<Option<T>>` cannot travel in baggage: an absent member reads as `None`, ",
                "so `Some(None)` would be lost; use `Option<T>`, or an enum with ",
                "#[derive(BaggageValue)] for a third state"
            ),
        );
    }
}

/// `T` of a type written `Option<T>` (any path ending in `Option`).
pub fn option_argument(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Reports every attribute in `others` set beside `attr`, except those in `allowed`.
fn conflict(cx: &Ctxt, name: &str, others: &[(&str, Option<Span>)], allowed: &[&str], why: &str) {
    for (other, span) in others {
        if let (Some(span), false) = (span, allowed.contains(other)) {
            cx.error_at(
                *span,
                format!("`{other}` conflicts with `{name}` on the same field: {why}"),
            );
        }
    }
}

fn check_keys(cx: &Ctxt, model: &Struct) {
    let prefix = model.attrs.prefix.get();
    let mut checker = KeyChecker {
        cx,
        prefix,
        prefix_len: prefix.map_or(0, |prefix| prefix.value().len()),
        signature_key: model.attrs.signed.is_set().then(|| {
            let prefix = prefix.map(syn::LitStr::value).unwrap_or_default();
            format!("{prefix}baggage_sig")
        }),
        seen: HashMap::new(),
    };
    for field in model.members() {
        checker.check(field, &field.key, field.key_span, false);
        for (alias, span) in &field.aliases {
            checker.check(field, alias, *span, true);
        }
    }
}

/// The checks of every key a struct reads, its fields' own and their aliases: a valid token, not
/// the signature's, not another field's or alias's, and not one that names personal data.
struct KeyChecker<'m> {
    cx: &'m Ctxt,
    prefix: Option<&'m syn::LitStr>,
    prefix_len: usize,
    signature_key: Option<String>,
    /// Each key seen so far: its field, where it was written, and whether it is an alias.
    seen: HashMap<&'m str, (&'m syn::Ident, Span, bool)>,
}

impl<'m> KeyChecker<'m> {
    fn check(
        &mut self,
        field: &'m crate::model::Field,
        key: &'m str,
        key_span: Span,
        is_alias: bool,
    ) {
        let cx = self.cx;
        let prefix = self.prefix;
        // An alias is written whole: the prefix is not in it.
        let prefix_len = if is_alias { 0 } else { self.prefix_len };
        let choose = if is_alias {
            "correct the alias"
        } else {
            "choose another with #[baggage(rename = \"...\")]"
        };
        {
            if self.signature_key.as_deref() == Some(key) {
                cx.error_at(
                    key_span,
                    format!(
                        "`{key}` is the signature member of this #[baggage(signed)] struct; \
                     give the field another key with #[baggage(rename = \"...\")]"
                    ),
                );
            }
            if let Err(error) = validate_key(key) {
                let (span, message) = match error.problem() {
                KeyProblem::InvalidChar { index, character } if *index < prefix_len => (
                    prefix.map_or(key_span, syn::LitStr::span),
                    format!(
                        "the prefix makes `{key}` an invalid baggage key: {character:?} is not allowed \
                         (keys are RFC 7230 tokens: {KEY_CHARACTERS})"
                    ),
                ),
                KeyProblem::InvalidChar { character, .. } => (
                    key_span,
                    format!(
                        "`{key}` is not a valid baggage key: {character:?} is not allowed \
                         (keys are RFC 7230 tokens: {KEY_CHARACTERS}); \
                         {choose}"
                    ),
                ),
                _ => (
                    key_span,
                    if is_alias {
                        "a baggage key cannot be empty; correct the alias".to_owned()
                    } else {
                        "a baggage key cannot be empty; choose one with #[baggage(rename = \"...\")]"
                            .to_owned()
                    },
                ),
            };
                cx.error_at(span, message);
                return;
            }
            if let Some((first, first_span, first_is_alias)) = self.seen.get(key) {
                let message = if is_alias || *first_is_alias {
                    format!(
                    "duplicate baggage key `{key}`: fields `{first}` and `{}` would both read it \
                     (an alias is read as the field's key is); drop or correct the alias",
                    field.ident
                )
                } else {
                    format!(
                    "duplicate baggage key `{key}`: fields `{first}` and `{}` would both write it; \
                     give one another key with #[baggage(rename = \"...\")]",
                    field.ident
                )
                };
                let mut error = syn::Error::new(key_span, message);
                error.combine(syn::Error::new(
                    *first_span,
                    format!("`{key}` is first used here"),
                ));
                cx.push(error);
            } else {
                self.seen.insert(key, (field.ident, key_span, is_alias));
            }
            if field.attrs.allow_pii.is_set() {
                return;
            }
            if let Some(hit) = pii::check_key(key) {
                cx.error_at(
                key_span,
                format!(
                    "baggage key `{key}` looks like {}: {} `{}` {} data that must not travel in baggage, \
                     which every downstream service can read and log\n\
                     help: remove the field, or if sending it is intended, say why with \
                     #[baggage(allow_pii = \"reason\")]",
                    hit.category(),
                    if hit.rule().words().len() == 1 { "the word" } else { "the words" },
                    hit.phrase(),
                    if hit.rule().words().len() == 1 { "names" } else { "name" },
                ),
            );
            }
        }
    }
}

pub fn check_value(cx: &Ctxt, model: &Value) {
    let ValueShape::Enum(variants) = &model.shape else {
        return;
    };
    let mut others = variants.iter().filter(|variant| variant.is_other());
    if let (Some(_), Some(second)) = (others.next(), others.next()) {
        cx.error_at(
            second.attrs.other.span().unwrap_or(second.name_span),
            "only one variant can be the `other` catch-all",
        );
    }
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for variant in variants {
        if let Some(first) = seen.get(variant.name.as_str()) {
            let mut error = syn::Error::new(
                variant.name_span,
                format!(
                    "duplicate value `{}`: two variants would read the same string; rename one with #[baggage(rename = \"...\")]",
                    variant.name
                ),
            );
            error.combine(syn::Error::new(
                *first,
                format!("`{}` is first used here", variant.name),
            ));
            cx.push(error);
        } else {
            seen.insert(&variant.name, variant.name_span);
        }
    }
}
