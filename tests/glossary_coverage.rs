//! Every piece of jargon the app shows a user is explained in the glossary (assets/glossary.ron).
//!
//! The texts checked are everything a small-business owner reads while modelling: the questions
//! of assets/kinds.ron (kind names and descriptions, question labels, help and option labels),
//! the threat texts of assets/catalogue.ron (title, explanation, why-likely, why-harmful,
//! question, suggestions; the developer's technical detail is left out) and the attacker
//! prompts of assets/prompts.ron. Whenever a term of `JARGON` appears in one of them (ignoring
//! case, as a whole word, also in the plural), `Glossary::lookup` must find it.
//!
//! When this fails: add the word to assets/glossary.ron, as a new entry or as an alias of the
//! entry that explains it (each word belongs to one entry only), or reword the text. New jargon
//! belongs in `JARGON` too. `cargo test --test glossary_coverage -- --ignored --nocapture`
//! lists abbreviations in the texts that neither the glossary nor `JARGON` knows.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet, HashSet};

use threatsketch::glossary::Glossary;
use threatsketch::model::{KindCatalog, ValueType};
use threatsketch::threats::{BUILTIN_CATALOGUE_RON, Catalogue, builtin_prompts};

/// Abbreviations, jargon and product names an owner may not know. Written as the glossary
/// should find them; matching ignores case and accepts a plural ending.
const JARGON: &[&str] = &[
    // Abbreviations.
    "2FA",
    "AOC",
    "API",
    "ARN",
    "BAA",
    "BOLA",
    "CAPTCHA",
    "CDN",
    "CI/CD",
    "CMK",
    "CMEK",
    "CNAME",
    "CORS",
    "CSP",
    "CSRF",
    "CVE",
    "CVV",
    "CWE",
    "DDoS",
    "DLQ",
    "DNS",
    "DoS",
    "DPA",
    "FIFO",
    "GDPR",
    "HIPAA",
    "HMAC",
    "HSTS",
    "HTML",
    "HTTP",
    "HTTPS",
    "IaC",
    "IAM",
    "IDOR",
    "IdP",
    "IMDS",
    "IP",
    "IP address",
    "ISO 27001",
    "JSON",
    "JWS",
    "JWT",
    "KMS",
    "MFA",
    "MITM",
    "OAC",
    "OAuth",
    "OIDC",
    "OTP",
    "OWASP",
    "PAN",
    "PCI",
    "PCI DSS",
    "PHI",
    "PII",
    "PITR",
    "SAQ",
    "SDK",
    "SigV4",
    "SMS",
    "SNS",
    "SOC 2",
    "SQS",
    "SSL",
    "SSRF",
    "STRIDE",
    "TLS",
    "URL",
    "VPC",
    "WAF",
    "WORM",
    "XML",
    "XSS",
    "XXE",
    // Jargon.
    "access key",
    "access token",
    "allowlist",
    "at-least-once",
    "attack surface",
    "audit log",
    "authorizer",
    "blast radius",
    "browser storage",
    "certificate pinning",
    "code signing",
    "concurrency",
    "confused deputy",
    "container image",
    "content-length-range",
    "cookie",
    "credential stuffing",
    "cross-site request forgery",
    "cross-site scripting",
    "customer-managed key",
    "dangling DNS record",
    "dead-letter queue",
    "default endpoint",
    "deletion protection",
    "denial of wallet",
    "Distributed Map",
    "dynamodb:LeadingKeys",
    "edge function",
    "egress",
    "encryption at rest",
    "encryption in transit",
    "end of support",
    "environment variable",
    "exactly-once",
    "execute-api",
    "execution history",
    "execution role",
    "fan-out",
    "field-level encryption",
    "function URL",
    "GraphQL",
    "guest access",
    "header",
    "HttpOnly",
    "idempotency",
    "idempotency key",
    "idempotent",
    "identity pool",
    "identity provider",
    "injection",
    "introspection",
    "invoke permission",
    "key policy",
    "Keychain",
    "Keystore",
    "Lambda layer",
    "Lambda@Edge",
    "least privilege",
    "localStorage",
    "log retention",
    "long-lived access key",
    "Magecart",
    "man-in-the-middle",
    "metadata endpoint",
    "multi-tenant",
    "nonce",
    "Object Lock",
    "one-time code",
    "origin access control",
    "parameterized query",
    "passkey",
    "phishing",
    "point-in-time recovery",
    "pre-signed",
    "presigned",
    "rate limiting",
    "recovery window",
    "Referer",
    "refresh token",
    "replay",
    "replay protection",
    "resource policy",
    "runtime",
    "SameSite",
    "schema",
    "secret rotation",
    "secrets store",
    "self sign-up",
    "server-side request forgery",
    "signed URL",
    "SMS pumping",
    "stack trace",
    "subdomain takeover",
    "tenant isolation",
    "throttling",
    "token lifetime",
    "tokenisation",
    "tokenization",
    "trust boundary",
    "usage plan",
    "user attributes",
    "user pool",
    "versioning",
    "webhook",
    "wildcard",
    "write-once",
    "zip bomb",
    // Product and feature names.
    "AppSync",
    "AWS",
    "Azure",
    "CloudFront",
    "CloudFront Functions",
    "CloudTrail",
    "CloudWatch",
    "Cognito",
    "DynamoDB",
    "EventBridge",
    "EventBridge Scheduler",
    "GuardDuty",
    "Lambda",
    "S3",
    "Secrets Manager",
    "Step Functions",
];

/// One text the app shows, and where it comes from.
struct Shown {
    place: String,
    text: String,
}

fn shown(place: String, text: &str) -> Shown {
    Shown { place, text: text.to_owned() }
}

/// Every text of the kinds, the catalogue and the prompts that a user reads.
fn shown_texts() -> Vec<Shown> {
    let mut texts = Vec::new();

    let kinds = KindCatalog::builtin();
    assert!(!kinds.kinds.is_empty() && !kinds.properties.is_empty(), "assets/kinds.ron did not load");
    for kind in &kinds.kinds {
        texts.push(shown(format!("kinds.ron kind '{}' name", kind.id), &kind.name));
        texts.push(shown(format!("kinds.ron kind '{}' description", kind.id), &kind.description));
    }
    for property in &kinds.properties {
        texts.push(shown(format!("kinds.ron question '{}' label", property.id), &property.label));
        texts.push(shown(format!("kinds.ron question '{}' help", property.id), &property.help));
        if let ValueType::Choice(options) = &property.value {
            for option in options {
                let place = format!("kinds.ron question '{}' option '{}'", property.id, option.id);
                texts.push(shown(place, &option.label));
            }
        }
    }

    // Parsed here rather than taken from `Catalogue::builtin()`, which would stand in an
    // empty catalogue for a broken file and let this test pass on nothing.
    let catalogue = Catalogue::parse(BUILTIN_CATALOGUE_RON).unwrap_or_else(|e| panic!("assets/catalogue.ron: {e}"));
    assert!(!catalogue.rules.is_empty(), "assets/catalogue.ron has no rules");
    for rule in &catalogue.rules {
        let at = |field: &str| format!("catalogue.ron rule '{}' {field}", rule.id);
        texts.push(shown(at("title"), &rule.title));
        texts.push(shown(at("explanation"), &rule.explanation));
        texts.push(shown(at("likelihood_because"), &rule.likelihood_because));
        texts.push(shown(at("impact_because"), &rule.impact_because));
        texts.push(shown(at("question"), &rule.question));
        for (i, step) in rule.suggestions.iter().enumerate() {
            texts.push(shown(at(&format!("suggestion {}", i + 1)), step));
        }
    }

    let prompts = builtin_prompts();
    assert!(!prompts.is_empty(), "assets/prompts.ron did not load");
    for (kind, questions) in prompts {
        for (i, question) in questions.iter().enumerate() {
            texts.push(shown(format!("prompts.ron '{kind}' prompt {}", i + 1), question));
        }
    }
    texts
}

/// Letters, digits, `_` and `-` make up words, as in the glossary's own matching: "sign-in"
/// is one word, and "WAF" is not found in "wafer".
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Whether `text` contains `term` as a whole word, ignoring case, also with a plural ending
/// ("JWTs", "key policies").
fn mentions(text: &str, term: &str) -> bool {
    let text = text.to_lowercase();
    let term = term.to_lowercase();
    let mut forms = vec![term.clone(), format!("{term}s"), format!("{term}es")];
    if let Some(stem) = term.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
    }
    forms.iter().any(|form| {
        text.match_indices(form.as_str()).any(|(start, found)| {
            let before = text[..start].chars().next_back();
            let after = text[start + found.len()..].chars().next();
            !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
        })
    })
}

/// At most this many places are listed per missing term, so the message stays readable.
const PLACES_SHOWN: usize = 3;

#[test]
fn jargon_shown_to_users_is_in_the_glossary() {
    let glossary = Glossary::builtin();
    let texts = shown_texts();
    // Missing term → the places where a user meets it.
    let mut missing: BTreeMap<&str, Vec<&Shown>> = BTreeMap::new();
    for &term in JARGON {
        if glossary.lookup(term).is_some() {
            continue;
        }
        let places: Vec<&Shown> = texts.iter().filter(|t| mentions(&t.text, term)).collect();
        if !places.is_empty() {
            missing.insert(term, places);
        }
    }
    if missing.is_empty() {
        return;
    }
    let mut report = format!(
        "{} term(s) shown to users have no glossary entry; add each to assets/glossary.ron as an entry or an alias, or reword the text:\n",
        missing.len()
    );
    for (term, places) in &missing {
        report.push_str(&format!("\n  \"{term}\", used {} time(s), for example in\n", places.len()));
        for place in places.iter().take(PLACES_SHOWN) {
            report.push_str(&format!("      {}: \"{}\"\n", place.place, place.text));
        }
    }
    panic!("{report}");
}

#[test]
fn every_listed_term_has_an_entry() {
    // Keeps the list honest: a term on it is one the glossary explains, used today or not.
    let glossary = Glossary::builtin();
    let missing: Vec<&str> = JARGON.iter().copied().filter(|term| glossary.lookup(term).is_none()).collect();
    assert!(missing.is_empty(), "no glossary entry for {} listed term(s): {missing:?}", missing.len());
}

#[test]
fn the_list_is_long_and_has_no_repeats() {
    let mut seen = HashSet::new();
    let repeats: Vec<&str> = JARGON.iter().copied().filter(|term| !seen.insert(term.to_lowercase())).collect();
    assert!(repeats.is_empty(), "listed twice: {repeats:?}");
    assert!(JARGON.len() >= 60, "only {} terms", JARGON.len());
}

#[test]
fn terms_match_as_whole_words_in_any_case_and_the_plural() {
    assert!(mentions("Check the JWT.", "JWT"));
    assert!(mentions("Check both jwts", "JWT"));
    assert!(mentions("Two key policies allow it", "key policy"));
    assert!(mentions("Lambda@Edge, CloudFront Functions or Workers", "Lambda@Edge"));
    assert!(mentions("a SOC 2 Type II report", "SOC 2"));
    assert!(mentions("(execute-api) is disabled", "execute-api"));
    assert!(mentions("via CI/CD only", "CI/CD"));
    assert!(!mentions("wafer-thin waffles", "WAF"));
    assert!(!mentions("Her parole officer", "role"));
    assert!(!mentions("a pre-signed link", "signed"));
    assert!(!mentions("IP-based limits", "IP"));
    assert!(!mentions("", "WAF"));
    // The texts are really there: the scan is not passing on nothing.
    let texts = shown_texts();
    assert!(texts.iter().any(|t| mentions(&t.text, "CORS")), "kinds.ron should mention CORS");
    assert!(texts.iter().any(|t| t.place.starts_with("catalogue.ron") && mentions(&t.text, "HTTPS")));
    assert!(texts.iter().any(|t| t.place.starts_with("prompts.ron")));
}

/// Words in the texts that look like abbreviations (two or more capitals, such as "AWS" or
/// "SigV4") must be explained by the glossary too, whether or not `JARGON` lists them, so that
/// a new rule cannot bring in an unexplained one.
#[test]
fn every_abbreviation_shown_is_explained() {
    let glossary = Glossary::builtin();
    let listed: HashSet<String> = JARGON.iter().map(|t| t.to_lowercase()).collect();
    // Words of longer glossary names ("SOC" of "SOC 2", "DB" of "Cosmos DB") are known too.
    let known: HashSet<String> = glossary
        .terms()
        .iter()
        .flat_map(|t| t.names())
        .flat_map(str::split_whitespace)
        .map(str::to_lowercase)
        .collect();
    let mut unknown: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for shown in shown_texts() {
        for word in shown.text.split(|c: char| !(c.is_alphanumeric() || c == '@' || c == '/' || c == ':')) {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let capitals = word.chars().filter(char::is_ascii_uppercase).count();
            // Policy names such as aws:SecureTransport are for the developer, quoted as written.
            let identifier = word.contains(':');
            let singular = word.strip_suffix('s').unwrap_or(word);
            let explained = [word, singular].iter().any(|w| {
                let w = w.to_lowercase();
                listed.contains(&w) || known.contains(&w) || glossary.lookup(&w).is_some()
            });
            if capitals < 2 || identifier || explained || COMMON_ABBREVIATIONS.contains(&singular) {
                continue;
            }
            unknown.entry(word.to_owned()).or_default().insert(shown.place.clone());
        }
    }
    let report: Vec<String> = unknown
        .iter()
        .map(|(word, places)| {
            let first: Vec<&str> = places.iter().take(PLACES_SHOWN).map(String::as_str).collect();
            format!("  {word}: {}", first.join("; "))
        })
        .collect();
    assert!(report.is_empty(), "abbreviations the glossary does not explain:\n{}", report.join("\n"));
}

/// Abbreviations every reader knows from daily life.
const COMMON_ABBREVIATIONS: [&str; 2] = ["PDF", "ID"];
