use super::*;

fn assert_close(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "expected {expected} ± {tolerance}, got {actual}"
    );
}

#[test]
fn fk_grade_matches_wikipedia_example() {
    // "The Australian platypus is seemingly a hybrid of a mammal and
    // reptilian creature.": 13 words, 1 sentence, 26 syllables, grade 13.1.
    assert_close(fk_grade(13, 1, 26), 13.08, 0.01);
}

#[test]
fn smog_matches_mclaughlin_thirty_sentence_form() {
    assert_close(smog(30, 30), 8.84, 0.01);
    assert_close(smog(0, 30), 3.13, 0.01);
    // With 30 sentences the grade is 1.043 * sqrt(N) + 3.1291.
    assert_close(smog(16, 30), 1.043 * 4.0 + 3.1291, 1e-9);
}

#[test]
fn wikipedia_sentence_counts_as_published() {
    let text = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.";
    let r = Readability::of(text).unwrap();
    assert_eq!((r.words, r.sentences, r.syllables), (13, 1, 26));
    assert_eq!(r.polysyllables, 4);
    assert_close(r.fk_grade, 13.08, 0.01);
}

#[test]
fn short_text_is_counted_exactly() {
    let text = "Take two tablets each morning. Call your pharmacist if the pain continues.";
    let r = Readability::of(text).unwrap();
    assert_eq!(r.words, 12);
    assert_eq!(r.sentences, 2);
    assert_eq!(r.syllables, 18);
    assert_eq!(r.polysyllables, 2);
    assert_close(r.fk_grade, 0.39 * 6.0 + 11.8 * 1.5 - 15.59, 1e-9);
    assert_close(r.smog, 1.043 * 30f64.sqrt() + 3.1291, 1e-9);
}

#[test]
fn empty_text_has_no_score() {
    assert_eq!(Readability::of(""), None);
    assert_eq!(Readability::of("   \n\t"), None);
    assert_eq!(Readability::of("... -- ?! \u{2014}"), None);
}

fn counts(text: &str) -> (usize, usize) {
    let r = Readability::of(text).unwrap();
    (r.words, r.sentences)
}

#[test]
fn decimals_do_not_end_sentences() {
    assert_eq!(counts("The dose is 3.5 mg. Take it daily."), (8, 2));
    assert_eq!(counts("Drink 1,500 ml of water."), (5, 1));
}

#[test]
fn abbreviations_do_not_end_sentences() {
    assert_eq!(
        counts("Eat fruit, e.g. apples and pears. Drink water."),
        (8, 2)
    );
    assert_eq!(counts("Rest, i.e. lie down. Then walk."), (6, 2));
    assert_eq!(
        counts("See Dr. Smith or Mrs. Jones, etc. Then rest."),
        (9, 1)
    );
    assert_eq!(counts("Ask Mr. Patel."), (3, 1));
}

#[test]
fn punctuation_runs_count_once() {
    assert_eq!(counts("Wait... What?! Yes."), (3, 3));
    assert_eq!(counts("Really?!? Yes!!!"), (2, 2));
    assert_eq!(counts("\u{2026} Well \u{2026} fine."), (2, 2));
}

#[test]
fn final_punctuation_is_optional() {
    assert_eq!(counts("No final punctuation here"), (4, 1));
    assert_eq!(counts("One sentence. Then another"), (4, 2));
}

#[test]
fn word_rules() {
    // Hyphenated words and contractions are one word; numbers count.
    assert_eq!(counts("A well-known follow-up, don't miss it."), (6, 1));
    assert_eq!(counts("Call 111 \u{2013} or 999."), (4, 1));
    assert_eq!(counts("'Quoted' words - and dashes."), (4, 1));
    let r = Readability::of("Take 2 tablets.").unwrap();
    assert_eq!(r.syllables, 1 + 1 + 2);
}

/// Words with the syllable count a dictionary gives them.
const SYLLABLE_TABLE: &[(&str, usize)] = &[
    ("the", 1),
    ("back", 1),
    ("table", 2),
    ("morning", 2),
    ("mattress", 2),
    ("doctor", 2),
    ("exercise", 3),
    ("spine", 1),
    ("stiffness", 2),
    ("pharmacist", 3),
    ("emergency", 4),
    ("inflammation", 4),
    // Dictionaries give six (os-te-o-po-ro-sis).
    ("osteoporosis", 6),
    ("appointment", 3),
    ("urine", 2),
    ("area", 3),
    ("created", 3),
    ("beautiful", 3),
    ("simple", 2),
    ("little", 2),
    ("hoped", 1),
    ("wanted", 2),
    ("boxes", 2),
    ("people", 2),
    ("patient", 2),
    ("nurse", 1),
    ("hospital", 3),
    ("treatment", 2),
    ("physiotherapy", 6),
    ("muscle", 2),
    ("muscles", 2),
    ("ankle", 2),
    ("knee", 1),
    ("shoulder", 2),
    ("injured", 2),
    ("diagnosis", 4),
    ("fatigue", 2),
    ("tongue", 1),
    ("headaches", 2),
    ("changes", 2),
    ("places", 2),
    ("hopes", 1),
    ("clothes", 1),
    ("goes", 1),
    ("studies", 2),
    ("studying", 3),
    ("carried", 2),
    ("played", 1),
    ("saying", 2),
    ("crying", 2),
    ("being", 2),
    ("going", 2),
    ("agreed", 2),
    ("needed", 2),
    ("walked", 1),
    ("called", 1),
    ("handled", 2),
    ("hundred", 2),
    ("centre", 2),
    ("careful", 2),
    ("useful", 2),
    ("likely", 2),
    ("completely", 3),
    ("management", 3),
    ("movement", 2),
    ("something", 2),
    ("sometimes", 2),
    ("someone", 2),
    ("lifestyle", 2),
    ("guidelines", 2),
    ("therefore", 2),
    ("whereas", 2),
    ("anxiety", 4),
    ("diet", 2),
    ("quiet", 2),
    ("science", 2),
    ("client", 2),
    ("experience", 4),
    ("special", 2),
    ("media", 3),
    ("bacteria", 4),
    ("idea", 3),
    ("ideas", 3),
    ("calcium", 3),
    ("period", 3),
    ("radio", 3),
    ("million", 2),
    ("region", 2),
    ("serious", 3),
    ("obvious", 3),
    ("behaviour", 3),
    ("senior", 2),
    ("opinion", 3),
    ("union", 2),
    ("lion", 2),
    ("video", 3),
    ("surgeon", 2),
    ("gorgeous", 2),
    ("fluid", 2),
    ("influence", 3),
    ("continuous", 4),
    ("rhythm", 2),
    ("spasm", 2),
    ("autism", 3),
    ("museum", 3),
    ("evaluate", 4),
    ("situation", 4),
    ("language", 2),
    ("quality", 3),
    ("unique", 2),
    ("colleague", 2),
    ("immediately", 5),
    ("approximately", 5),
    ("physician", 3),
    ("essential", 3),
    ("appreciate", 4),
    ("reaction", 3),
    ("create", 2),
    ("creature", 2),
    ("earlier", 3),
    ("awareness", 3),
    ("coordinate", 4),
    ("sciatica", 4),
    ("arthritis", 3),
    ("paracetamol", 5),
    ("ibuprofen", 4),
    ("medication", 4),
    ("pressure", 2),
    ("breathing", 2),
    ("posture", 2),
    ("gentle", 2),
    ("available", 4),
    ("possible", 3),
    ("because", 2),
    ("before", 2),
    ("advice", 2),
    ("question", 2),
    ("minutes", 2),
    ("used", 1),
    ("uses", 2),
    ("whole", 1),
    ("one", 1),
    ("are", 1),
    ("they", 1),
    ("you", 1),
    ("year", 1),
    ("eye", 1),
    ("eyes", 1),
    ("diabetes", 4),
    ("Readability", 5),
    ("shouldn't", 2),
    ("don\u{2019}t", 1),
    ("isn't", 2),
    ("x-ray", 2),
    ("well-known", 2),
    ("follow-up", 3),
    ("3.5", 1),
    ("2024", 1),
];

#[test]
fn syllable_counts_of_common_words() {
    let table = SYLLABLE_TABLE;
    let wrong: Vec<String> = table
        .iter()
        .filter(|&&(w, n)| syllables(w) != n)
        .map(|&(w, n)| format!("{w}: expected {n}, got {}", syllables(w)))
        .collect();
    assert!(wrong.is_empty(), "wrong counts:\n{}", wrong.join("\n"));
    assert!(table.len() >= 40);
}

#[test]
fn syllables_never_panics_and_is_at_least_one() {
    // Every string of up to four letters from an alphabet that exercises the
    // vowel-pair and ending rules, plus every prefix and suffix of some words.
    let alphabet: Vec<char> = "aeiouyqgnlrtscdhmpw'-".chars().collect();
    let mut words: Vec<String> = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = words
            .iter()
            .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
            .collect();
        words.extend(longer.into_iter().filter(|w| w.len() <= 4));
        words.dedup();
    }
    for long in [
        "reassuringly",
        "everyone's",
        "queueing",
        "NHS-GPs",
        "naïve",
        "crème",
    ] {
        for (i, _) in long.char_indices() {
            words.push(long[..i].to_owned());
            words.push(long[i..].to_owned());
        }
    }
    for w in &words {
        assert!(syllables(w) >= 1, "{w:?}");
    }
}

#[test]
fn initialisms_without_vowels_are_spelt_out() {
    assert_eq!(syllables("NHS"), 3);
    assert_eq!(syllables("GP"), 2);
    assert_eq!(syllables("GPs"), 2);
    assert_eq!(syllables("www"), 9);
    assert_eq!(syllables("Mr"), 2);
    assert_eq!(syllables("COVID-19"), 3);
}

#[test]
fn html_skips_navigation_header_and_footer() {
    let html = "<header><p>Site name</p></header><nav><ul><li><a href=\"/\">Home</a></li></ul></nav>\
                <main><h1>Back pain</h1><p>Keep moving.</p></main>\
                <footer><p>&copy; 2024</p></footer>";
    assert_eq!(text_of_html(html), "Back pain.\nKeep moving.");
}

#[test]
fn html_nested_skipped_elements() {
    let html = "<nav><nav>inner</nav> still nav</nav><p>Shown</p>";
    assert_eq!(text_of_html(html), "Shown.");
}

#[test]
fn html_decodes_entities() {
    let html = "<p>Salt &amp; pepper &lt;5g&gt; &quot;daily&quot; &#39;ok&#39; don&rsquo;t \
                &lsquo;x&rsquo; a&nbsp;b 1&ndash;2 \u{2014}&mdash; &#65;&#x42;&#X43; &bogus; & AT&T</p>";
    assert_eq!(
        text_of_html(html),
        "Salt & pepper <5g> \"daily\" 'ok' don\u{2019}t \u{2018}x\u{2019} a b 1\u{2013}2 \
         \u{2014}\u{2014} ABC &bogus; & AT&T."
    );
}

#[test]
fn html_list_items_and_headings_become_sentences() {
    let html = "<h2>Symptoms</h2><p>You may have:</p><ul><li>pain</li><li>stiffness.</li>\
                <li>Is it bad?</li></ul><p>Line one<br>line two</p>";
    let text = text_of_html(html);
    assert_eq!(
        text,
        "Symptoms.\nYou may have:\npain.\nstiffness.\nIs it bad?\nLine one.\nline two."
    );
    let r = Readability::of(&text).unwrap();
    // "You may have: pain." is one sentence.
    assert_eq!(r.sentences, 6);
}

#[test]
fn html_skips_visually_hidden_style_script_and_comments() {
    let html = "<p>Read more<span class=\"link visually-hidden\"> about sciatica</span>.</p>\
                <style>p > a { color: red; }</style><script>if (a < b) {}</script>\
                <TITLE>Page title</TITLE>\
                <!-- a <p>comment</p> --><p class='visually-hidden'>Hidden <b>bold</b></p>\
                <p>Call <a href=\"tel:111\" class=x>111</a></p>";
    assert_eq!(text_of_html(html), "Read more.\nCall 111.");
}

#[test]
fn html_skips_the_words_of_a_link_to_a_pdf() {
    let html = "<p>Rest your back.</p>\
                <p><a href=\"sciatica.pdf\">Printable leaflet (PDF, 3 pages, 62 KB)</a></p>";
    assert_eq!(text_of_html(html), "Rest your back.");
}

#[test]
fn html_keeps_inline_text_together_and_odd_markup() {
    assert_eq!(
        text_of_html("<p>un<em>usual</em>  words\n here</p>"),
        "unusual words here."
    );
    assert_eq!(text_of_html("<p>a < b and 3<4</p>"), "a < b and 3<4.");
    assert_eq!(text_of_html("<td>one</td><td>two!</td>"), "one.\ntwo!");
    assert_eq!(text_of_html("plain text"), "plain text");
    assert_eq!(text_of_html(""), "");
}

#[test]
fn no_abbreviation_is_longer_than_the_bound_that_skips_long_words() {
    let longest = ABBREVIATIONS.iter().map(|a| a.chars().count()).max();
    assert_eq!(longest, Some(ABBREVIATION_CHARS));
}

#[test]
fn white_space_is_judged_as_char_is_whitespace_judges_it() {
    let text = "a\t\n\u{0B}\u{0C}\r \u{85}\u{A0}\u{1680}\u{2003}\u{2028}\u{202F}\u{3000}é\u{200B}\u{FEFF}z";
    let mut i = 0;
    while i < text.len() {
        let (space, len) = html::space_at(text, i);
        let c = text[i..].chars().next();
        assert_eq!(Some(space), c.map(char::is_whitespace), "{c:?}");
        i += len;
    }
}

#[test]
fn tag_names_in_capitals_are_read_as_lower_case() {
    let html = "<NAV>Menu</NAV><P>Rest your back</P><Section class=\"visually-hidden\">x</SECTION>";
    assert_eq!(text_of_html(html), "Rest your back.");
}

#[test]
fn white_space_runs_collapse_to_one_space_wherever_they_fall() {
    let html = "<p>  a \n b\t\tc \u{A0} d&nbsp; e &amp;\n f</p>";
    assert_eq!(text_of_html(html), "a b c d e & f.");
    assert_eq!(text_of_html("<p> x</p><p>\n y </p>"), "x.\ny.");
}

#[test]
fn words_with_letters_beyond_ascii_are_counted_whole() {
    let text = "Café crème, naïve É.U. résumé.\nThe U.K. dose is 3,5 mg; e.g. 1.000 mg. Don\u{2019}t stop!";
    let r = Readability::of(text).unwrap();
    assert_eq!(
        (r.words, r.sentences, r.syllables, r.polysyllables),
        (16, 5, 21, 1)
    );
}
