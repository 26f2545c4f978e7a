//! Integration tests for carepath: every test copies a fixture site from `tests/fixtures/` into
//! a fresh temporary folder and drives the real `carepath` binary, as a content designer would.

mod approval;
mod az_languages;
mod bounded;
mod build;
mod cases;
mod cli;
mod concurrency;
mod diff;
mod example_languages;
mod fhir;
mod guide;
mod harness;
mod images;
mod inert;
mod invalid;
mod limits;
mod lists;
mod messages;
mod migration2;
mod onepass;
mod positioned;
mod print;
mod protocol;
mod quality;
mod sections;
mod serve;
mod serve_attacks;
mod signoff;
mod strings;
mod trail;
mod translated_trees;
mod translations;
mod trees;
mod walk;
mod xss;
