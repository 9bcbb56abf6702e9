use super::*;

#[test]
fn spellings_of_one_name_share_a_skeleton() {
    for w in ["mohamed", "mohammed", "muhammad", "mohammad", "mohamad"] {
        assert_eq!(skeleton(w), "mhmd", "{w}");
    }
    for w in ["hassan", "hasan"] {
        assert_eq!(skeleton(w), "hsn", "{w}");
    }
    assert_eq!(skeleton("khaled"), skeleton("kaled"));
    assert_eq!(skeleton("ahmed"), "ahmd");
}

#[test]
fn articles_are_joined_and_dropped() {
    assert_eq!(latin_words("AL-HASSAN"), vec!["alhassan"]);
    assert_eq!(latin_words("Al Hasan"), vec!["alhasan"]);
    assert_eq!(latin_words("El Hassan"), vec!["elhassan"]);
    for s in ["AL-HASSAN", "Alhassan", "Al Hasan", "El Hassan", "el-hasan"] {
        assert_eq!(surname_core(s).as_deref(), Some("hsn"), "{s}");
    }
}

#[test]
fn other_scripts_meet_their_latin_forms() {
    // Arabic: Muhammad al-Hasan; Ge'ez: Mehamed, Hasen.
    let arabic = latin_words("محمد الحسن");
    assert!(!arabic.is_empty(), "{arabic:?}");
    assert_eq!(skeleton(&arabic[0]), "mhmd", "{arabic:?}");
    assert_eq!(
        surname_core("الحسن").as_deref(),
        Some("hsn"),
        "{:?}",
        latin_words("الحسن")
    );
    let geez = latin_words("መሐመድ");
    assert_eq!(skeleton(&geez[0]), "mhmd", "{geez:?}");
    assert_eq!(
        surname_core("ሐሰን").as_deref(),
        Some("hsn"),
        "{:?}",
        latin_words("ሐሰን")
    );
}

#[test]
fn the_same_person_shares_a_block_key_and_strangers_do_not() {
    let d = NaiveDate::from_ymd_opt(1990, 1, 1);
    let stored = person_keys([("AL-HASSAN", "Mohammed")], d);
    for (s, g) in [
        ("ALHASSAN", "Mohamed"),
        ("AL HASAN", "Muhammad"),
        ("Mohammed", "Al-Hassan"),
        ("الحسن", "محمد"),
    ] {
        let probe = probe_keys(s, g, None);
        assert!(
            probe.iter().any(|k| stored.contains(k)),
            "{s} {g}: {probe:?} vs {stored:?}"
        );
    }
    let stranger = probe_keys("Rossi", "Mario", None);
    assert!(!stranger.iter().any(|k| stored.contains(k)));
}

#[test]
fn word_keys_find_spellings_in_search() {
    let stored = person_keys([("AL-HASSAN", "Mohammed")], None);
    for typed in ["alhassan", "hasan", "muhammad", "mohamed"] {
        let keys = word_keys(typed);
        assert!(keys.iter().any(|k| stored.contains(k)), "{typed}: {keys:?}");
    }
    assert!(
        stored.iter().any(|k| k.starts_with('m')),
        "Double Metaphone keys too"
    );
}

#[test]
fn similarity_ignores_order_script_and_hyphens() {
    let a = "AL-HASSAN Mohammed";
    assert!(similarity(a, "ALHASSAN Mohamed") > 0.9);
    assert!(similarity(a, "Muhammad Al Hasan") > 0.9);
    assert!(
        similarity(a, "الحسن محمد") > 0.85,
        "{}",
        similarity(a, "الحسن محمد")
    );
    assert!(similarity(a, "ROSSI Mario") < 0.7);
    assert!(similarity(a, "DIALLO Mohamed") < 0.82);
    assert_eq!(similarity("", "x"), 0.0);
}

#[test]
fn pairs_of_typed_words_are_keys_of_the_name() {
    let stored = person_keys([("AL-HASSAN", "Mohammed")], None);
    for typed in [
        "al hasan muhammad",
        "mohamed alhassan",
        "muhammad el-hassan",
    ] {
        let words = latin_words(typed);
        let pairs = pair_keys(&words).unwrap();
        assert!(
            pairs.iter().all(|p| stored.contains(p)),
            "{typed}: {pairs:?}"
        );
    }
    assert!(
        pair_keys(&latin_words("mohamed")).is_none(),
        "one word: no pair"
    );
    let stranger = pair_keys(&latin_words("mario rossi")).unwrap();
    assert!(!stranger.iter().any(|p| stored.contains(p)));
}
