//! Generated code compiles where the prelude is shadowed or absent, and passes `clippy::pedantic`
//! (CI runs clippy over this file with warnings denied).

#![deny(clippy::pedantic)]
#![allow(dead_code)]

/// A module that shadows every prelude name the generated code could rely on.
mod shadowed {
    #![allow(non_camel_case_types, clippy::upper_case_acronyms)]

    pub struct Result;
    pub struct Option;
    pub struct String;
    pub struct Vec;
    pub struct Ok;
    pub struct Err;
    pub struct Some;
    pub struct None;
    pub struct Default;
    pub struct Box;
    pub mod core {}
    pub mod std {}
    pub mod baggage {}

    /// A tier.
    #[derive(Debug, PartialEq, Eq, ::baggage::BaggageValue)]
    pub enum Tier {
        /// Free.
        Free,
        /// Paid.
        Premium,
        /// Anything newer.
        #[baggage(other)]
        Other(::std::string::String),
    }

    /// A newtype.
    #[derive(Debug, PartialEq, Eq, ::baggage::BaggageValue)]
    pub struct UserId(pub u64);

    /// A context.
    #[derive(Debug, PartialEq, ::baggage::Baggage)]
    #[baggage(prefix = "app.", budget = 512)]
    pub struct Context {
        /// The user.
        pub user_id: UserId,
        /// The tier.
        pub tier: Tier,
        /// Features.
        #[baggage(default, max_len = 64)]
        pub features: ::std::vec::Vec<::std::string::String>,
        /// Optional.
        pub note: ::core::option::Option<::std::string::String>,
    }
}

#[no_implicit_prelude]
mod without_prelude {
    /// A priority.
    #[derive(Debug, PartialEq, Eq, ::baggage::BaggageValue)]
    pub enum Priority {
        /// Low.
        Low,
        /// High.
        High,
    }

    /// A context.
    #[derive(Debug, PartialEq, ::baggage::Baggage)]
    pub struct Context {
        /// The priority.
        pub priority: Priority,
        /// The tenant.
        #[baggage(default)]
        pub tenant_id: u32,
        /// Nested.
        #[baggage(flatten)]
        pub nested: super::shadowed::Context,
    }

    /// Text borrowed from the header.
    #[derive(Debug, PartialEq, ::baggage::Baggage)]
    pub struct Borrowed<'h> {
        /// The region.
        pub region: ::std::borrow::Cow<'h, str>,
        /// The features.
        #[baggage(default)]
        pub features: ::std::vec::Vec<::std::borrow::Cow<'h, str>>,
        /// The priority.
        pub priority: ::std::option::Option<Priority>,
    }
}

#[test]
fn shadowed_prelude_still_round_trips() {
    use baggage::Baggage;
    let context = shadowed::Context {
        user_id: shadowed::UserId(7),
        tier: shadowed::Tier::Other("gold".into()),
        features: vec!["a".into()],
        note: None,
    };
    let header = context.to_header().unwrap();
    assert_eq!(header, "app.user_id=7,app.tier=gold,app.features=a");
    assert_eq!(shadowed::Context::from_header(&header).unwrap(), context);
}

#[test]
fn no_implicit_prelude_still_round_trips() {
    use baggage::Baggage;
    let context = without_prelude::Context {
        priority: without_prelude::Priority::High,
        tenant_id: 3,
        nested: shadowed::Context {
            user_id: shadowed::UserId(1),
            tier: shadowed::Tier::Free,
            features: Vec::new(),
            note: Some("n".into()),
        },
    };
    let header = context.to_header().unwrap();
    assert_eq!(
        header,
        "priority=high,tenant_id=3,app.user_id=1,app.tier=free,app.features=,app.note=n"
    );
    assert_eq!(
        without_prelude::Context::from_header(&header).unwrap(),
        context
    );
}

#[test]
fn a_borrowed_struct_compiles_without_the_prelude() {
    use baggage::BorrowBaggage;
    use std::borrow::Cow;
    let read = without_prelude::Borrowed::from_header_borrowed("region=eu,priority=high").unwrap();
    assert!(matches!(read.region, Cow::Borrowed("eu")));
    assert_eq!(read.priority, Some(without_prelude::Priority::High));
}

/// Default functions named like the parameters of the generated reader and writer.
mod defaults_named_like_generated_locals {
    pub fn header() -> u64 {
        7
    }
    pub fn baggage() -> u64 {
        8
    }
    pub fn writer() -> u64 {
        9
    }

    #[derive(Debug, PartialEq, baggage::Baggage)]
    pub struct Context {
        #[baggage(default = "header")]
        pub a: u64,
        #[baggage(default = "baggage")]
        pub b: u64,
        #[baggage(default = "writer")]
        pub c: u64,
        #[baggage(skip, default = "header")]
        pub d: u64,
    }
}

#[test]
fn default_functions_may_be_named_header_baggage_or_writer() {
    use baggage::Baggage;
    use defaults_named_like_generated_locals::Context;
    let expected = Context {
        a: 7,
        b: 8,
        c: 9,
        d: 7,
    };
    assert_eq!(Context::from_header("other=1").unwrap(), expected);
    let parsed = baggage::StringBaggage::parse("other=1").unwrap();
    assert_eq!(Context::from_baggage(&parsed).unwrap(), expected);
    assert_eq!(expected.to_header().unwrap(), "a=7,b=8,c=9");
}

/// A struct declared by a `macro_rules!` macro, its field types and defaults among the macro's
/// arguments: the derive's own locals and the macro's tokens meet in the generated readers.
macro_rules! declare_context {
    ($name:ident, $id:ty, $tier:ty, $default:literal) => {
        #[derive(Debug, PartialEq, ::baggage::Baggage)]
        struct $name<'h> {
            user_id: $id,
            #[baggage(default = "fallback_note")]
            note: ::std::borrow::Cow<'h, str>,
            tier: ::core::option::Option<$tier>,
            #[baggage(skip, default = $default)]
            local: u8,
        }
    };
}

fn fallback_note() -> ::std::borrow::Cow<'static, str> {
    ::std::borrow::Cow::Borrowed("none")
}

fn seven() -> u8 {
    7
}

declare_context!(MacroContext, u64, shadowed::Tier, "seven");

#[test]
fn a_struct_declared_by_a_macro_reads_in_every_reader() {
    use ::baggage::{Baggage, BorrowBaggage};

    let header = "user_id=5,tier=premium";
    let expected = MacroContext {
        user_id: 5,
        note: "none".into(),
        tier: Some(shadowed::Tier::Premium),
        local: 7,
    };
    assert_eq!(MacroContext::from_header(header).unwrap(), expected);
    assert_eq!(
        MacroContext::from_header_borrowed(header).unwrap(),
        expected
    );
    let baggage = ::baggage::StringBaggage::parse(header).unwrap();
    assert_eq!(MacroContext::from_baggage(&baggage).unwrap(), expected);
}
