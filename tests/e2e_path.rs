//! End to end: one person taken from intake to closure by keys alone, in the real binary in a
//! pseudo-terminal — the case, the plan with its endowment (an overspend refused, then a
//! commitment and a payment), the other steps, the closure — and then `case show --json`
//! shows every step.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::sportello;

use common::pty::Tui;

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// On a choice: typing filters its list, Enter takes the best match and goes on.
fn pick(t: &mut Tui, filter: &str, shown: &str) {
    t.type_text(filter);
    t.wait_for(shown);
    t.key("Enter");
}

#[test]
fn one_person_from_intake_to_closure_by_keys_alone() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("desk.db");
    let db = db.to_str().unwrap();
    common::new_desk(home.path(), db);
    let mut t = Tui::logged_in(home.path(), &["--db", db, "--lang", "it"], 110, 34);
    t.wait_for("Agenda");
    // The network first: a host company, added from the partners directory.
    t.type_text("p");
    t.wait_for("Rete dei partner");
    t.key("Ctrl+N");
    t.wait_for("Nome*");
    t.type_text("Logistica Adda srl");
    t.key("Tab");
    pick(&mut t, "azienda", "Azienda");
    t.key("Ctrl+S");
    t.wait_for("Logistica Adda srl");
    t.key("Esc");
    t.wait_until("back on the agenda", |s| !s.contains("Rete dei partner"));
    // The register is one key away; a new intake from there.
    t.type_text("r");
    t.wait_for("Cerca:");
    t.key("Ctrl+N");
    t.wait_for("Cognome*");
    t.type_text("Haile");
    t.key("Tab");
    t.type_text("Ruth");
    t.key("Tab");
    t.type_text("f");
    t.wait_for("Femmina");
    t.key("Enter");
    t.type_text("03/02/2001");
    t.key("Tab");
    t.type_text("eritrea");
    t.wait_for("Eritrea");
    t.key("Enter");
    for _ in 0..4 {
        t.key("PageDown");
    }
    t.wait_for("Condizione giuridica*");
    t.type_text("citt ital");
    t.wait_for("Cittadino/a italiano/a");
    t.key("Enter");
    t.key("PageDown");
    t.key("PageDown");
    t.wait_for("Consenso privacy dato?*");
    t.key("Tab");
    t.key("Tab");
    t.type_text("s");
    t.key("Tab");
    t.type_text("20/11/2026");
    // Consent to share with the network: referrals need it.
    t.key("Tab");
    t.type_text("rete");
    t.wait_for("Condivisione con gli enti della rete");
    t.key("Enter");
    t.key("Esc");
    t.wait_until("the scope chosen", |s| {
        s.contains("Condivisione con gli enti della rete") && !s.contains("Filtr")
    });
    t.key("Ctrl+S");
    t.wait_for("HAILE Ruth");

    // The person's page opens the case.
    t.key("Enter");
    t.wait_for("Cronologia");

    // Orientation and skills assessment: forms of the engine, saved on the case.
    t.type_text("o");
    t.wait_for("Bisogni e ostacoli");
    pick(&mut t, "media", "Media");
    t.key("Ctrl+S");
    t.wait_until("orientation done", |s| {
        s.contains("Cronologia") && s.contains("Colloquio di orientamento: campo Lingua compilato")
    });
    t.type_text("a");
    t.wait_for("Titolo di studio*");
    pick(&mut t, "diploma", "Diploma");
    t.key("Ctrl+S");
    t.wait_until("assessment done", |s| {
        s.contains("Cronologia")
            && s.contains("Bilancio delle competenze: campo Titolo di studio compilato")
    });

    // The plan: the PAI signed, then enrolment in PUOI (it asks a signed PAI), money.
    t.type_text("p");
    t.wait_for("Piano e dote");
    t.type_text("e");
    t.wait_for("Obiettivi*");
    t.type_text("Lavoro in magazzino");
    t.key("PageDown");
    t.wait_for("Aggiungi");
    t.key("Enter");
    t.wait_for("Tipo*");
    pick(&mut t, "corso di lingua", "Corso di lingua");
    t.type_text("Corso A2 al CPIA");
    t.key("Tab");
    t.type_text("anna");
    t.key("Tab");
    t.type_text("31/12/2026");
    t.key("Tab");
    pick(&mut t, "prev", "Prevista");
    t.key("PageDown");
    t.wait_for("Firmato dalla persona?");
    t.type_text("s");
    t.key("Tab");
    t.type_text("21/11/2026");
    t.key("Ctrl+S");
    t.wait_for("Firmato il 21/11/2026");
    t.wait_for("Corso A2 al CPIA");
    t.type_text("g");
    t.wait_for("Programma*");
    pick(&mut t, "puoi dote", "PUOI – Dote individuale");
    t.key("Ctrl+S");
    t.wait_for("€ 5.940,00");

    // A commitment beyond the line is refused and nothing typed is lost; then a valid one.
    t.type_text("c");
    t.wait_for("Voce*");
    pick(&mut t, "tutor", "Tutoraggio azienda ospitante");
    t.type_text("700");
    t.key("Ctrl+S");
    t.wait_for("Rifiutato: supera la voce «Tutoraggio azienda ospitante» di € 100,00");
    t.wait_for("700");
    t.key("Ctrl+U");
    t.type_text("600");
    t.key("Ctrl+S");
    t.wait_until("the commitment in the table", |s| {
        s.contains("Tutoraggio azienda ospi") && s.contains("€ 600,00") && s.contains("Impegno")
    });
    t.type_text("p");
    t.wait_for("Voce*");
    pick(&mut t, "tutor", "Tutoraggio azienda ospitante");
    t.type_text("250");
    t.key("Ctrl+S");
    t.wait_for("€ 250,00");
    t.key("Esc");
    t.wait_for("Cronologia");

    // A referral drafted, then sent.
    t.type_text("r");
    t.wait_for("Nessun invio");
    t.type_text("n");
    t.wait_for("Partner*");
    pick(&mut t, "adda", "Logistica Adda srl");
    pick(&mut t, "inserimento", "Inserimento lavorativo");
    t.key("Ctrl+S");
    t.wait_for("Bozza");
    t.type_text("s");
    t.wait_for("Stato*");
    pick(&mut t, "inviato", "Inviato");
    t.key("Ctrl+S");
    t.wait_until("the referral sent", |s| {
        s.contains("Inviato") && s.contains("Storia")
    });
    t.key("Esc");
    t.wait_for("Cronologia");

    // The internship at the host company: planned, started, a month's allowance paid.
    t.type_text("t");
    t.wait_for("Nessun tirocinio");
    t.type_text("n");
    t.wait_for("Azienda ospitante*");
    pick(&mut t, "adda", "Logistica Adda srl");
    t.type_text("Paolo Crippa");
    t.key("Tab");
    t.key("Tab");
    t.type_text("02/11/2026");
    t.key("Tab");
    t.key("Tab");
    t.type_text("20");
    t.key("Tab");
    t.type_text("500");
    t.key("Ctrl+S");
    t.wait_for("Previsto");
    t.wait_for("Dal 02/11/2026 al 02/05/2027");
    t.type_text("s");
    t.wait_for("Stato*");
    pick(&mut t, "in corso", "In corso");
    t.key("Ctrl+S");
    t.wait_for("In corso dal");
    // The month's attendance first: the allowance is paid against it, never in advance.
    t.type_text("a");
    t.wait_for("Ore di presenza*");
    t.key("Tab");
    t.type_text("3");
    t.key("Ctrl+S");
    t.wait_for("3 ore, assenze");
    t.type_text("p");
    t.wait_for("Importo (€)*");
    t.key("Ctrl+S");
    t.wait_for("pagato € 500,00");
    t.key("Esc");
    t.wait_for("Cronologia");

    // A follow-up scheduled, then its outcome.
    t.type_text("f");
    t.wait_for("Nessun monitoraggio");
    t.type_text("n");
    t.wait_for("Quando*");
    t.key("Tab");
    pick(&mut t, "telef", "Telefonata");
    t.key("Ctrl+S");
    t.wait_for("da fare");
    t.key("Enter");
    t.wait_for("Fatto il*");
    t.key("Tab");
    pick(&mut t, "tutto bene", "Sentito/a — tutto bene");
    t.key("Ctrl+S");
    t.wait_for("fatto il");
    t.key("Esc");
    t.wait_for("Cronologia");

    // Closure: the open work is listed first; the internship is completed, the rest (a
    // referral sent, a PAI action, money committed and unpaid) confirmed with a reason.
    t.type_text("c");
    t.wait_for("Prima di chiudere");
    t.wait_for("Denaro impegnato e non pagato: € 350,00");
    t.key("Enter");
    t.wait_for("Esito*");
    pick(&mut t, "trasfer", "Trasferito/a altrove");
    t.type_text("22/11/2026");
    t.key("Ctrl+S");
    t.wait_for("Ancora aperto: il tirocinio");
    t.key("PageDown");
    t.key("PageDown");
    t.key("PageDown");
    t.wait_for("Tirocinio completato?");
    t.type_text("s");
    t.key("Tab");
    t.key("Tab");
    t.key("Tab");
    t.key("Tab");
    t.type_text("Trasferita a Milano");
    t.key("Ctrl+S");
    t.wait_for("Chiuso il");
    t.type_text("o");
    t.wait_for("R per riaprirlo");
    t.key("Ctrl+Q");
    assert_eq!(t.wait_exit(), Some(0), "the app did not quit cleanly");

    let hits = json(&sportello(
        home.path(),
        &["search", "haile ruth", "--json", "--db", db],
    ));
    let person = hits[0]["id"].as_str().unwrap().to_string();
    let p = json(&sportello(
        home.path(),
        &["person", "show", &person, "--json", "--db", db],
    ));
    let case = p["cases"][0]["id"].as_str().unwrap().to_string();
    let c = json(&sportello(
        home.path(),
        &["case", "show", &case, "--json", "--db", db],
    ));
    assert_eq!(c["outcome"], "moved_away", "{c:#}");
    assert!(c["closed_at"].is_string(), "{c:#}");
    let money = &c["money"];
    assert_eq!(money["programme"], "puoi");
    assert_eq!(money["committed_cents"], 60_000 + 50_000);
    assert_eq!(money["paid_cents"], 25_000 + 50_000);
    assert_eq!(money["left_cents"], 594_000 - 110_000);
    assert_eq!(c["forms"]["action_plan"]["data"]["signed_on"], "2026-11-21");
    let status = |step: &str| {
        c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == step)
            .map(|s| s["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    for step in [
        "intake",
        "orientation",
        "assessment",
        "action_plan",
        "closure",
    ] {
        assert_eq!(status(step), "done", "{step}: {c:#}");
    }
    assert_eq!(status("internship"), "done", "{c:#}");
    assert_eq!(
        c["forms"]["closure"]["data"]["open_work_reason"],
        "Trasferita a Milano"
    );
    for step in ["referral", "internship", "follow_up"] {
        assert_ne!(status(step), "todo", "{step}: {c:#}");
    }
    assert!(c["timeline"].as_array().unwrap().len() >= 6, "{c:#}");
}
