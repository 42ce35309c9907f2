"""The rules of the fact proposals, one behaviour a test, in both languages: roles, one fact per statement,
the figure and date the fact's words govern, and planned versus done. The cues are in
generator/analyse/cues/<lang>.yaml."""

from __future__ import annotations

import pytest

from generator.analyse import lexicon


def _facts(analyse, language: str, text: str, published: str | None = "2025-09-18"):
    """(kind, subject, object, figure text or None, status) of each proposed fact."""
    analysis = analyse(language, text, published)
    return [
        (
            f.kind,
            f.subject,
            f.object,
            analysis.quantities[f.quantity].text if f.quantity is not None else None,
            f.status,
        )
        for f in analysis.facts
    ]


# --- roles: active and passive voice, receiving ---------------------------------------------------------


def test_it_active_voice_subject_before_object_after(analyse):
    assert _facts(analyse, "it", "Nvidia ha investito 5 miliardi di dollari in Intel.")[0][:3] == (
        "investment",
        "nvidia",
        "intel",
    )


def test_en_active_voice_subject_before_object_after(analyse):
    assert _facts(analyse, "en", "Nvidia invested $5 billion in Intel.")[0][:3] == (
        "investment",
        "nvidia",
        "intel",
    )


def test_it_passive_voice_the_agent_is_the_subject(analyse):
    assert _facts(analyse, "it", "Intel è stata acquisita da SoftBank.")[0][:3] == (
        "acquisition",
        "softbank",
        "intel",
    )


def test_en_passive_voice_the_agent_is_the_subject(analyse):
    assert _facts(analyse, "en", "Oracle was acquired by SoftBank in 2025.")[0][:3] == (
        "acquisition",
        "softbank",
        "oracle",
    )


def test_it_who_receives_is_the_object(analyse):
    assert _facts(analyse, "it", "Intel riceve da Nvidia 5 miliardi di dollari.")[0][:3] == (
        "investment",
        "nvidia",
        "intel",
    )


def test_en_who_receives_is_the_object(analyse):
    assert _facts(analyse, "en", "Intel received $5 billion from Nvidia.")[0][:3] == (
        "investment",
        "nvidia",
        "intel",
    )


# --- roles: owners, holders, stakes, share prices -------------------------------------------------------


def test_en_a_future_shareholder_is_the_subject_the_company_owned_the_object(analyse):
    text = "Nvidia will become one of Intel's main shareholders with about 4%."
    assert _facts(analyse, "en", text) == [("acquisition", "nvidia", "intel", "about 4%", "planned")]


def test_it_a_shareholder_is_the_subject_the_company_owned_the_object(analyse):
    text = "Nvidia è diventata uno dei principali azionisti di Intel con circa il 4%."
    assert _facts(analyse, "it", text)[0][:4] == ("acquisition", "nvidia", "intel", "circa il 4%")


def test_it_a_stake_is_bought_by_the_subject_in_the_object(analyse):
    text = "SoftBank ha comprato una quota del 10 % di Intel."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "intel", "10 %", "done")]


def test_en_a_stake_is_bought_by_the_subject_in_the_object(analyse):
    text = "SoftBank bought a 10% stake in Intel."
    assert _facts(analyse, "en", text) == [("acquisition", "softbank", "intel", "10%", "done")]


def test_it_a_share_price_move_belongs_to_the_listed_company_not_the_market(analyse):
    text = "Le azioni di Intel sono salite del 23% a Wall Street."
    assert _facts(analyse, "it", text) == [("stock", "intel", None, "23%", "done")]


def test_en_a_share_price_move_belongs_to_the_listed_company_not_the_market(analyse):
    text = "Intel's shares rose almost 30% in pre-market trading on Nasdaq."
    assert _facts(analyse, "en", text) == [("stock", "intel", None, "almost 30%", "done")]


def test_it_an_apposition_between_subject_and_verb_keeps_the_subject(analyse):
    text = (
        "Oracle, il cui amministratore delegato ha parlato ieri, investirà 3 miliardi di dollari in OpenAI."
    )
    assert _facts(analyse, "it", text)[0][:3] == ("investment", "oracle", "openai")


def test_en_a_person_is_the_appointee_and_the_company_the_object(analyse):
    text = "Intel named Jensen Huang chief executive."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "jensen-huang", "intel")


def test_it_a_person_is_the_appointee_and_the_company_the_object(analyse):
    text = "Intel ha nominato Jensen Huang amministratore delegato."
    assert _facts(analyse, "it", text)[0][:3] == ("appointment", "jensen-huang", "intel")


def test_en_the_company_opening_a_sentence_is_the_previous_subject(analyse):
    text = "Oracle opened a data centre. The company will spend up to $2 billion on the network."
    assert _facts(analyse, "en", text)[-1][:2] == ("plan", "oracle")


def test_it_la_societa_opening_a_sentence_is_the_previous_subject(analyse):
    text = "Oracle ha aperto un centro dati. La società spenderà fino a 2 miliardi di dollari nella rete."
    assert _facts(analyse, "it", text)[-1][:2] == ("plan", "oracle")


# --- one fact per statement -----------------------------------------------------------------------------


def test_en_a_stake_and_its_price_are_two_facts(analyse):
    text = "SoftBank took roughly a 4% stake in Intel, spending about $8.9 billion for it."
    assert _facts(analyse, "en", text) == [
        ("acquisition", "softbank", "intel", "roughly a 4%", "done"),
        ("investment", "softbank", "intel", "about $8.9 billion", "done"),
    ]


def test_it_a_stake_and_its_price_are_two_facts(analyse):
    text = "SoftBank ha rilevato una quota del 10% di Intel, spendendo circa 9 miliardi di dollari."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "softbank", "intel", "10%"),
        ("investment", "softbank", "intel", "circa 9 miliardi di dollari"),
    ]


def test_it_a_price_per_share_is_not_a_second_fact(analyse):
    text = "Nvidia investirà 5 miliardi di dollari in Intel, acquistando azioni a 23,28 dollari."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["investment"]


def test_en_a_sentence_repeating_a_fact_is_not_a_second_fact(analyse):
    text = "Nvidia invested $5 billion in Intel. Nvidia's $5 billion investment in Intel was welcomed."
    assert len(_facts(analyse, "en", text)) == 1


def test_it_a_sentence_repeating_a_fact_is_not_a_second_fact(analyse):
    text = "Nvidia ha investito 5 miliardi di dollari in Intel. L'investimento di Nvidia in Intel è piaciuto."
    assert len(_facts(analyse, "it", text)) == 1


def test_en_a_remark_without_figure_object_or_date_is_no_announcement(analyse):
    assert _facts(analyse, "en", "Intel said it would appeal.") == []


# --- the figure and the date ----------------------------------------------------------------------------


def test_it_a_day_without_publication_date_is_not_a_count(analyse):
    text = "Il 22 settembre Nvidia ha detto che investirà fino a 100 miliardi di dollari in OpenAI."
    assert _facts(analyse, "it", text, published=None)[0][3] == "fino a 100 miliardi di dollari"


def test_en_a_day_without_publication_date_is_not_a_count(analyse):
    assert analyse("en", "Nvidia met Intel on 22 September.", None).quantities == []


def test_en_roughly_with_an_article_keeps_its_qualifier(analyse):
    quantity = analyse("en", "SoftBank took roughly a 4% stake in Intel.").quantities[0]
    assert (quantity.value, quantity.qualifier) == (4, "about")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("nearly $5 billion", "about"), ("as much as $5 billion", "up_to"), ("more than $5 billion", "over")],
)
def test_en_qualifiers_like_the_italian_ones(analyse, text, qualifier):
    assert analyse("en", f"Nvidia invested {text} in Intel.").quantities[0].qualifier == qualifier


def test_en_the_figure_is_the_one_the_cue_governs(analyse):
    text = "Intel, which has 100,000 employees, received $5 billion from Nvidia."
    assert _facts(analyse, "en", text)[0][3] == "$5 billion"


def test_it_the_figure_is_the_one_the_cue_governs(analyse):
    text = "Intel, che ha 100.000 dipendenti, riceve da Nvidia 5 miliardi di dollari."
    assert _facts(analyse, "it", text)[0][3] == "5 miliardi di dollari"


def test_a_date_in_the_sentence_is_the_facts_date(analyse):
    analysis = analyse("it", "Il 3 marzo 2025 Nvidia ha investito 5 miliardi di dollari in Intel.")
    assert analysis.dates[analysis.facts[0].date].value == "2025-03-03"


def test_without_a_date_in_the_sentence_the_fact_has_none_and_extract_says_the_publication_date(tmp_path):
    from generator.extract import extract

    path = tmp_path / "a.txt"
    path.write_text("Nvidia invested $5 billion in Intel.", encoding="utf-8")
    from tests.nlp.conftest import REGISTRY

    fact = extract(path, "en", "2025-09-18", REGISTRY).as_contract()["facts"][0]
    assert (fact["date"], fact["date_source"]) == (None, "published")


# --- planned versus done --------------------------------------------------------------------------------


def test_en_will_makes_a_plan(analyse):
    assert _facts(analyse, "en", "Nvidia will invest $5 billion in Intel.")[0][4] == "planned"


def test_en_plans_to_makes_a_plan(analyse):
    assert _facts(analyse, "en", "Nvidia plans to invest $5 billion in Intel.")[0][4] == "planned"


def test_it_the_future_tense_makes_a_plan(analyse):
    assert _facts(analyse, "it", "Nvidia investirà 5 miliardi di dollari in Intel.")[0][4] == "planned"


def test_it_intende_makes_a_plan(analyse):
    assert (
        _facts(analyse, "it", "Nvidia intende investire 5 miliardi di dollari in Intel.")[0][4] == "planned"
    )


def test_en_the_past_tense_is_done(analyse):
    assert _facts(analyse, "en", "Nvidia invested $5 billion in Intel.")[0][4] == "done"


def test_it_the_past_tense_is_done(analyse):
    assert _facts(analyse, "it", "Nvidia ha investito 5 miliardi di dollari in Intel.")[0][4] == "done"


def test_it_dovrebbe_makes_an_expectation(analyse):
    assert (
        _facts(analyse, "it", "Nvidia dovrebbe investire 5 miliardi di dollari in Intel.")[0][4] == "expected"
    )


def test_a_planned_investment_with_nothing_to_invest_in_is_a_plan(analyse):
    assert _facts(analyse, "en", "Oracle plans to invest up to $2 billion.")[0][:2] == ("plan", "oracle")


# --- the cue files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_each_language_has_a_cue_file_with_every_kind(language):
    kinds = {cue.kind for cue in lexicon.cues(language).cues}
    assert kinds == set(lexicon.KIND_PRECEDENCE)


def test_a_longer_word_start_wins_over_a_shorter_one(analyse):
    # a regulator is named: a regulation with neither a regulator nor anyone ruled on is no longer proposed
    text = "The FTC is investigating whether Intel broke the law."
    assert [f[0] for f in _facts(analyse, "en", text)] == ["regulation"]


def test_a_bad_cue_file_is_an_error_naming_the_file_and_line(tmp_path):
    path = tmp_path / "xx.yaml"
    path.write_text("cues:\n  - {kind: investment, words: [invest\n", encoding="utf-8")
    with pytest.raises(lexicon.CueFileError, match=r"xx\.yaml:\d+:\d+"):
        lexicon.load_cues(path)


def test_an_unknown_kind_in_a_cue_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "xx.yaml"
    path.write_text("cues:\n  - {kind: merger, words: [merg]}\n", encoding="utf-8")
    with pytest.raises(lexicon.CueFileError, match="unknown kind 'merger'"):
        lexicon.load_cues(path)


def test_a_cue_that_yields_to_another_kind_is_read_as_such():
    cue = next(c for c in lexicon.cues("it").cues if "aggiudicat" in c.words)
    assert (cue.kind, cue.yields) == ("acquisition", True)


# --- further rules found on the tune split ----------------------------------------------------------------


def test_en_a_stake_bought_for_a_price_is_two_facts(analyse):
    text = "SoftBank has taken a 15% stake in Intel for $600 million."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("acquisition", "softbank", "intel", "15%"),
        ("investment", "softbank", "intel", "$600 million"),
    ]


def test_it_a_stake_bought_for_a_price_is_two_facts(analyse):
    text = "SoftBank ha acquisito una partecipazione del 15% in Intel per 600 milioni di dollari."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "softbank", "intel", "15%"),
        ("investment", "softbank", "intel", "600 milioni di dollari"),
    ]


def test_it_a_holder_without_an_owner_is_no_fact(analyse):
    assert _facts(analyse, "it", "Per Intel è il secondo socio industriale.") == []


def test_en_a_span_of_time_alone_makes_no_metric(analyse):
    assert _facts(analyse, "en", "Intel has 30 days to reply.") == []


def test_it_a_span_of_time_alone_makes_no_metric(analyse):
    assert _facts(analyse, "it", "Intel ha 30 giorni per rispondere.") == []


def test_en_will_before_a_count_makes_a_plan(analyse):
    text = "Intel will cut 30 branches by 2027."
    assert _facts(analyse, "en", text) == [("plan", "intel", None, "30 branches", "planned")]


def test_it_a_future_tense_before_a_count_makes_a_plan(analyse):
    text = "Intel chiuderà 30 filiali entro il 2027."
    assert _facts(analyse, "it", text) == [("plan", "intel", None, "30 filiali", "planned")]


def test_it_intende_with_a_launch_makes_a_plan_with_its_count(analyse):
    text = "Intel intende lanciare dieci nuovi modelli."
    assert _facts(analyse, "it", text)[0][:4] == ("plan", "intel", None, "dieci nuovi modelli")


def test_en_an_appointment_takes_no_figure(analyse):
    text = "Intel named Jensen Huang chief executive after three months of search."
    assert _facts(analyse, "en", text)[0][3] is None


def test_en_a_buyback_is_no_purchase(analyse):
    text = "Intel announced a share buyback of up to $500 million on Tuesday."
    assert _facts(analyse, "en", text)[0][0] == "announcement"


def test_it_the_date_nearest_the_cue_is_the_facts_date(analyse):
    analysis = analyse("it", "Intel, che ieri ha parlato con i sindacati, chiuderà 30 filiali entro il 2027.")
    assert analysis.dates[analysis.facts[0].date].value == "2027"


def test_en_two_words_governing_figures_of_two_kinds_are_two_facts(analyse):
    text = "Nvidia's market value passed $5 trillion as its shares rose more than 2%."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("metric", "nvidia", None, "passed $5 trillion"),
        ("stock", "nvidia", None, "more than 2%"),
    ]


def test_en_a_measure_without_a_name_belongs_to_the_company_named_before(analyse):
    text = "Oracle reported its results on Tuesday. Net profit fell to $212 million."
    assert _facts(analyse, "en", text)[-1][:4] == ("metric", "oracle", None, "$212 million")


def test_it_a_measure_without_a_name_belongs_to_the_company_named_before(analyse):
    text = "Oracle ha presentato i conti martedì. L'utile netto è salito a 6,9 miliardi di euro."
    assert _facts(analyse, "it", text)[-1][:4] == ("metric", "oracle", None, "6,9 miliardi di euro")


# --- round 2: sales to a buyer, regulators, implied subjects, measures ------------------------------------


def test_en_a_stake_sold_in_the_passive_is_bought_by_the_buyer(analyse):
    text = "A 7% stake in Intel was sold to SoftBank."
    assert _facts(analyse, "en", text)[0][:4] == ("acquisition", "softbank", "intel", "7%")


def test_it_a_stake_sold_in_the_passive_is_bought_by_the_buyer(analyse):
    text = "Una quota del 7% di Intel è stata ceduta a SoftBank."
    assert _facts(analyse, "it", text)[0][:4] == ("acquisition", "softbank", "intel", "7%")


def test_en_a_holding_sold_to_a_buyer_is_the_buyers_not_the_sellers(analyse):
    text = "Oracle sold its 15% holding in OpenAI to SoftBank."
    assert _facts(analyse, "en", text)[0][:4] == ("acquisition", "softbank", "openai", "15%")


def test_it_a_holding_sold_to_a_buyer_is_the_buyers_not_the_sellers(analyse):
    text = "Oracle ha venduto a SoftBank la sua partecipazione del 15% in OpenAI."
    assert _facts(analyse, "it", text)[0][:4] == ("acquisition", "softbank", "openai", "15%")


def test_en_selling_without_a_buyer_is_a_measure_not_a_price(analyse):
    assert _facts(analyse, "en", "Oracle sold 500,000 servers in 2025.")[0][:4] == (
        "metric",
        "oracle",
        None,
        "500,000 servers",
    )
    assert _facts(analyse, "en", "Oracle launched a server. It sells for $1,299.")[1:] == []


def test_en_a_settlement_makes_the_regulator_the_subject(analyse):
    text = "Oracle agreed to pay $42 million to settle an FTC inquiry into its fees."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "oracle", "$42 million", "done")]


def test_it_a_settlement_makes_the_regulator_the_subject(analyse):
    text = "Oracle ha accettato di pagare 30 milioni di euro per chiudere l'indagine della FTC."
    assert _facts(analyse, "it", text)[0][:4] == ("regulation", "ftc", "oracle", "30 milioni di euro")


def test_en_a_regulators_approval_of_nobody_named_is_no_fact(analyse):
    assert _facts(analyse, "en", "The deal should close in June, after the FTC's approval.") == []


def test_it_a_regulators_approval_of_nobody_named_is_no_fact(analyse):
    assert (
        _facts(analyse, "it", "L'operazione dovrebbe chiudersi a giugno, dopo il via libera della FTC.") == []
    )


def test_en_it_in_mid_sentence_stands_for_the_company_before(analyse):
    text = (
        "Nvidia invested $30 million in OpenAI in March. In October it put another $45 million into OpenAI."
    )
    assert _facts(analyse, "en", text)[-1][:4] == ("investment", "nvidia", "openai", "$45 million")


def test_it_il_gruppo_in_mid_sentence_stands_for_the_company_before(analyse):
    text = (
        "A marzo Nvidia ha investito 20 milioni di euro in OpenAI. "
        "A ottobre il gruppo ha versato altri 35 milioni di euro in OpenAI."
    )
    assert _facts(analyse, "it", text)[-1][:4] == ("investment", "nvidia", "openai", "35 milioni di euro")


def test_en_the_company_stands_for_a_company_not_the_person_who_spoke(analyse):
    text = "Sam Altman said that OpenAI will open an office in Milan. The company will hire 120 people."
    assert _facts(analyse, "en", text)[-1][:4] == ("plan", "openai", None, "120 people")


def test_it_a_measure_after_a_persons_announcement_is_the_companys(analyse):
    text = "Sam Altman ha annunciato che OpenAI aprirà un ufficio a Milano. La sede ospiterà 120 dipendenti."
    assert _facts(analyse, "it", text)[-1][:4] == ("plan", "openai", None, "120 dipendenti")


def test_en_saying_again_who_owns_a_part_is_no_second_fact(analyse):
    text = (
        "Nvidia agreed to invest $400 million in OpenAI. The deal makes Nvidia OpenAI's largest shareholder."
    )
    assert [f[0] for f in _facts(analyse, "en", text)] == ["investment"]


def test_it_saying_again_who_owns_a_part_is_no_second_fact(analyse):
    text = (
        "Nvidia investirà 400 milioni di dollari in OpenAI. Così Nvidia diventa il primo azionista di OpenAI."
    )
    assert [f[0] for f in _facts(analyse, "it", text)] == ["investment"]


def test_en_revenue_takes_its_money_figure_over_a_percentage(analyse):
    text = "Oracle's revenue rose 8% to $1.9 billion."
    assert _facts(analyse, "en", text)[0][:4] == ("metric", "oracle", None, "$1.9 billion")


def test_it_ricavi_take_their_money_figure_over_a_percentage(analyse):
    text = "I ricavi di Oracle sono cresciuti dell'8% a 1,9 miliardi di euro."
    assert _facts(analyse, "it", text)[0][:4] == ("metric", "oracle", None, "1,9 miliardi di euro")


def test_en_hiring_without_a_person_named_is_no_appointment(analyse):
    assert _facts(analyse, "en", "Oracle plans to hire 600 engineers.")[0][:4] == (
        "plan",
        "oracle",
        None,
        "600 engineers",
    )


def test_it_a_measure_in_the_future_tense_is_a_plan(analyse):
    text = "Oracle porterà la capacità dello stabilimento a 200.000 server l'anno."
    assert _facts(analyse, "it", text)[0][:4] == ("plan", "oracle", None, "200.000 server")


def test_en_took_over_is_an_acquisition(analyse):
    text = "SoftBank took over Oracle in a deal worth $9 billion."
    assert _facts(analyse, "en", text)[0][:4] == ("acquisition", "softbank", "oracle", "$9 billion")


def test_it_rilevato_is_an_acquisition(analyse):
    text = "SoftBank ha rilevato Oracle per 9 miliardi di dollari."
    assert _facts(analyse, "it", text)[0][:4] == (
        "acquisition",
        "softbank",
        "oracle",
        "9 miliardi di dollari",
    )


def test_en_signing_a_contract_with_another_company_is_a_partnership(analyse):
    text = "Oracle signed a contract with OpenAI to host its models."
    assert _facts(analyse, "en", text)[0][:3] == ("partnership", "oracle", "openai")


def test_it_firmare_un_contratto_con_un_altra_societa_is_a_partnership(analyse):
    text = "Oracle ha firmato un contratto con OpenAI per ospitare i suoi modelli."
    assert _facts(analyse, "it", text)[0][:3] == ("partnership", "oracle", "openai")


def test_en_a_percentage_of_a_named_market_is_a_market_share(analyse):
    text = "Nvidia controls about 80% of the AI chip market."
    assert _facts(analyse, "en", text)[0][:4] == ("market_share", "nvidia", None, "about 80%")


def test_it_a_percentage_of_a_named_market_is_a_market_share(analyse):
    text = "Nvidia ha circa l'80% nel mercato dei chip per l'intelligenza artificiale."
    assert _facts(analyse, "it", text)[0][:4] == ("market_share", "nvidia", None, "circa l'80%")


def test_en_a_market_word_without_a_percentage_is_no_market_share(analyse):
    assert _facts(analyse, "en", "Nvidia is the market leader in AI chips.") == []


def test_en_a_person_who_became_chief_executive_is_appointed(analyse):
    text = "Jensen Huang became chief executive of OpenAI."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "jensen-huang", "openai")


def test_it_a_person_diventato_amministratore_delegato_is_appointed(analyse):
    text = "Jensen Huang è diventato amministratore delegato di OpenAI."
    assert _facts(analyse, "it", text)[0][:3] == ("appointment", "jensen-huang", "openai")


def test_en_a_word_for_the_kind_of_company_stands_for_the_company_before(analyse):
    text = (
        "Oracle opened a data centre in Milan. The operator expects to serve 2 million customers next year."
    )
    assert _facts(analyse, "en", text)[-1][:4] == ("plan", "oracle", None, "2 million customers")


def test_it_a_word_for_the_kind_of_company_stands_for_the_company_before(analyse):
    text = "Oracle ha aperto un data center a Milano. L'operatore prevede di servire 2 milioni di clienti."
    assert _facts(analyse, "it", text)[-1][:4] == ("plan", "oracle", None, "2 milioni di clienti")


# --- an unknown name where the subject stands: no implied subject -----------------------------------------


def test_it_an_unknown_name_as_subject_blocks_the_previous_subject(analyse):
    text = "Nvidia ha firmato un accordo con Intel. Oggi Robotica Ferri impiega 85 dipendenti."
    assert not [f for f in _facts(analyse, "it", text) if f[0] == "metric" and f[1] == "nvidia"]


def test_en_an_unknown_name_as_subject_blocks_the_previous_subject(analyse):
    text = "Nvidia signed an agreement with Intel. Today Robotica Ferri employs 85 people."
    assert not [f for f in _facts(analyse, "en", text) if f[0] == "metric" and f[1] == "nvidia"]


def test_it_without_an_unknown_name_a_measure_keeps_the_previous_subject(analyse):
    text = "Nvidia ha firmato un accordo con Intel. Oggi l'azienda impiega 85 dipendenti."
    assert ("metric", "nvidia", None, "85 dipendenti", "done") in _facts(analyse, "it", text)


def test_en_without_an_unknown_name_a_measure_keeps_the_previous_subject(analyse):
    text = "Nvidia signed an agreement with Intel. Today the company employs 85 people."
    assert ("metric", "nvidia", None, "85 people", "done") in _facts(analyse, "en", text)


def test_it_an_unknown_name_before_il_gruppo_blocks_the_previous_subject(analyse):
    text = (
        "Nvidia ha firmato un accordo con Intel. "
        "Oggi Robotica Ferri impiega 85 persone e conta tra i clienti il gruppo Lavazza."
    )
    assert not [f for f in _facts(analyse, "it", text) if f[0] == "metric" and f[1] == "nvidia"]


def test_en_an_unknown_name_before_the_group_blocks_the_previous_subject(analyse):
    text = "Nvidia signed an agreement with Intel. Robotica Ferri says the group employs 85 people."
    assert not [f for f in _facts(analyse, "en", text) if f[0] == "metric" and f[1] == "nvidia"]


def test_en_a_time_limit_is_a_regulations_figure_not_its_date(analyse):
    text = "The FTC ordered Oracle to sell the unit within six months."
    analysis = analyse("en", text)
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "oracle", "six months", "done")]
    assert analysis.facts[0].date is None


def test_it_a_time_limit_is_a_regulations_figure_not_its_date(analyse):
    text = "La FTC ha ordinato a Oracle di cedere la divisione entro 30 giorni."
    assert _facts(analyse, "it", text)[0][:4] == ("regulation", "ftc", "oracle", "30 giorni")


def test_en_two_investors_named_together_make_two_investments(analyse):
    text = "Nvidia and SoftBank invested $40 million in OpenAI."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("investment", "nvidia", "openai", "$40 million"),
        ("investment", "softbank", "openai", "$40 million"),
    ]


def test_it_two_investors_named_together_make_two_investments(analyse):
    text = "Nvidia e SoftBank hanno investito 40 milioni di euro in OpenAI."
    assert [f[:3] for f in _facts(analyse, "it", text)] == [
        ("investment", "nvidia", "openai"),
        ("investment", "softbank", "openai"),
    ]


# gold convention c: a launch with a price has the price as its figure (these two asserted no figure before)
def test_en_a_monthly_price_is_a_launchs_figure(analyse):
    text = "Oracle launched its new cloud service on Monday at $9.99 a month."
    assert _facts(analyse, "en", text)[0][:4] == ("launch", "oracle", None, "$9.99")


def test_it_a_price_is_a_launchs_figure(analyse):
    text = "Oracle ha lanciato lunedì il suo nuovo servizio al prezzo di 9,99 euro."
    assert _facts(analyse, "it", text)[0][:4] == ("launch", "oracle", None, "9,99 euro")


def test_en_its_shares_are_the_shares_of_the_company_before(analyse):
    text = "Intel lifts 2026 profit goal to $2.8 billion. Its shares rose 5.2% on the Nasdaq."
    assert ("stock", "intel", None, "5.2%", "done") in _facts(analyse, "en", text)


def test_en_a_denial_in_quotes_is_no_announcement(analyse):
    text = '"We are not in discussions with Intel," a spokeswoman for Oracle said.'
    assert _facts(analyse, "en", text) == []


def test_it_a_denial_proposes_nothing(analyse):
    text = "Oracle ha smentito di essere in trattative per acquistare Intel."
    assert _facts(analyse, "it", text) == []


def test_it_a_part_sold_of_no_company_named_is_of_the_seller(analyse):
    text = "Intel ha ceduto il 30 per cento della società a SoftBank per 180 milioni di euro."
    assert [f[:4] for f in _facts(analyse, "it", text)][0] == (
        "acquisition",
        "softbank",
        "intel",
        "30 per cento",
    )


def test_it_an_amount_after_a_word_of_value_takes_the_currency_nearby(analyse):
    text = "SoftBank ha pagato 180 milioni di euro per Intel. L'operazione valuta la società 600 milioni."
    analysis = analyse("it", text)
    assert [(q.text, q.unit) for q in analysis.quantities][-1] == ("600 milioni", "EUR")


def test_en_vehicles_delivered_are_a_measure(analyse):
    text = "Oracle delivered 61,400 servers in the first quarter and confirmed its target of 250,000."
    assert _facts(analyse, "en", text)[0][:4] == ("metric", "oracle", None, "61,400 servers")


def test_it_a_plan_announced_with_its_sum_is_a_plan(analyse):
    text = "Oracle ha scelto una strada diversa, annunciando un piano da 900 milioni di euro entro il 2030."
    assert _facts(analyse, "it", text)[0][:4] == ("plan", "oracle", None, "900 milioni di euro")


def test_it_what_is_said_to_be_aimed_at_is_a_plan(analyse):
    text = "Lo ha detto ieri Oracle, aggiungendo che punta a produrre 5 milioni di server entro il 2030."
    assert _facts(analyse, "it", text)[0][:4] == ("plan", "oracle", None, "5 milioni di server")


def test_it_two_sums_of_two_measures_are_two_metrics(analyse):
    text = "Oracle ha registrato ricavi per 1,9 miliardi di euro e un utile netto di 430 milioni."
    assert [f[3] for f in _facts(analyse, "it", text)] == ["1,9 miliardi di euro", "430 milioni"]


def test_it_a_count_and_its_rise_are_one_measure(analyse):
    text = "Nel 2025 Oracle ha trasportato oltre 61 milioni di passeggeri, il 7% in più dell'anno prima."
    assert len(_facts(analyse, "it", text)) == 1


def test_it_la_casa_stands_for_the_company_before(analyse):
    text = (
        "Intel ha chiuso il trimestre. La casa di Santa Clara ha registrato ricavi per 13 miliardi di euro."
    )
    assert _facts(analyse, "it", text)[0][:4] == ("metric", "intel", None, "13 miliardi di euro")


def test_it_a_closing_price_and_its_move_is_a_share_price_move(analyse):
    text = "Intel ha chiuso a 41 dollari (+3,4%) dopo i conti del trimestre."
    assert _facts(analyse, "it", text) == [("stock", "intel", None, "+3,4%", "done")]


def test_en_a_closing_price_and_its_move_is_a_share_price_move(analyse):
    text = "Intel closed at $41, up 3.4%, after its quarterly results."
    assert _facts(analyse, "en", text)[0][:4] == ("stock", "intel", None, "3.4%")


def test_en_a_plans_second_count_after_a_comma_is_a_second_plan(analyse):
    text = "Intel will invest $2.5 billion in a plant in Arizona, creating about 1,100 jobs."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("plan", "intel", None, "$2.5 billion"),
        ("plan", "intel", None, "about 1,100 jobs"),
    ]


def test_it_a_plans_second_count_after_a_conjunction_is_a_second_plan(analyse):
    text = "Oracle aprirà trenta nuovi negozi nel 2027 e assumerà circa milleduecento persone."
    assert [f[3] for f in _facts(analyse, "it", text)] == [
        "trenta nuovi negozi",
        "circa milleduecento persone",
    ]


def test_en_what_a_plan_spends_its_sum_on_is_no_second_plan(analyse):
    text = "Oracle plans to spend €150 million on two new plants in the south of Italy."
    assert len(_facts(analyse, "en", text)) == 1


def test_en_a_one_word_name_opening_a_sentence_is_no_registry_subject(analyse):
    assert _facts(analyse, "en", "Markets were calm. Tesla bought a 5% stake in Intel.") == []


def test_it_a_one_word_name_opening_a_sentence_is_no_registry_subject(analyse):
    assert _facts(analyse, "it", "I mercati erano calmi. Tesla ha comprato il 5% di Intel.") == []


def test_it_an_opening_aside_is_no_name(analyse):
    text = "Fondata nel 2017, Intel impiega 340 persone."
    assert _facts(analyse, "it", text)[0][:4] == ("metric", "intel", None, "340 persone")


def test_it_a_dividend_is_announced_with_its_sum_per_share(analyse):
    text = "Oracle distribuirà un dividendo di 1,45 euro per azione."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [("announcement", "oracle", None, "1,45 euro")]


def test_en_a_person_who_will_join_a_company_is_appointed_there(analyse):
    text = "Intel's founder, Jensen Huang, will join Oracle as a vice president once the deal closes."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "jensen-huang", "oracle")


def test_en_a_person_to_lead_a_company_named_after_is_appointed_there(analyse):
    text = "The board has picked Jensen Huang, the head of Intel, to lead Oracle."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "jensen-huang", "oracle")


def test_en_what_an_investment_values_a_company_at_is_part_of_the_investment(analyse):
    # gold convention b: a funding round's valuation is no second fact (it was a metric beside the deal)
    text = "A $75 million investment from Nvidia values OpenAI at about $600 million."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [("investment", "nvidia", "openai", "$75 million")]


def test_en_a_sum_paid_for_a_company_is_its_purchase(analyse):
    text = "Oracle agreed in January to pay $3.9 billion for Intel."
    assert _facts(analyse, "en", text)[0][:4] == ("acquisition", "oracle", "intel", "$3.9 billion")


def test_it_a_sum_paid_for_a_company_is_its_purchase(analyse):
    text = "Oracle ha accettato di pagare 3,9 miliardi di dollari per Intel."
    assert _facts(analyse, "it", text)[0][:4] == ("acquisition", "oracle", "intel", "3,9 miliardi di dollari")


def test_en_the_company_with_hyphenated_adjectives_is_the_company_before(analyse):
    text = "Intel had a good year. Oracle agreed to pay $3.9 billion for the Texas-based chip-making company."
    assert _facts(analyse, "en", text)[0][:3] == ("acquisition", "oracle", "intel")


def test_it_a_measures_level_after_its_change_is_its_figure(analyse):
    text = "Nel 2025 le vendite di Oracle sono cresciute del 6 per cento, a 3,2 miliardi di euro."
    assert _facts(analyse, "it", text)[0][:4] == ("metric", "oracle", None, "3,2 miliardi di euro")


def test_en_a_measures_change_alone_is_its_figure(analyse):
    assert _facts(analyse, "en", "Oracle's sales rose 6% in 2025.")[0][3] == "6%"


def test_it_a_source_set_off_by_commas_is_not_the_subject(analyse):
    text = (
        "Oracle ha un piano. Una scommessa che, secondo gli analisti di Intel, potrebbe portare il margine"
        " del gruppo sopra il 12 per cento nel 2028."
    )
    assert [f[1] for f in _facts(analyse, "it", text)] == ["oracle"]


def test_en_a_price_per_share_paid_to_owners_is_no_investment(analyse):
    text = "Intel's investors, led by SoftBank, will receive $22 a share."
    assert [f[0] for f in _facts(analyse, "en", text)] == []


def test_en_a_measure_without_a_figure_is_no_fact(analyse):
    text = "Correction: An earlier version of this story misstated Intel's revenue for the second quarter."
    assert _facts(analyse, "en", text) == []


def test_en_danish_kroner_are_a_currency(analyse):
    analysis = analyse("en", "Oracle's operating profit doubled to 2.4 billion Danish kroner.")
    assert [(q.kind, q.unit) for q in analysis.quantities] == [("money", "DKK")]


# --- figures: sums in words, coins, valuations beside a funding round ------------------------------------


def _figures(analyse, language: str, text: str):
    """(value, unit) of each quantity found."""
    return [(q.value, q.unit) for q in analyse(language, text).quantities]


def test_en_cents_are_money_in_hundredths(analyse):
    assert _figures(analyse, "en", "Oracle raised its dividend to 45 cents a share.") == [(0.45, "USD")]


def test_it_cents_of_a_named_currency_take_that_currency(analyse):
    text = "Oracle pagherà un dividendo di 30 centesimi di dollaro per azione."
    assert _figures(analyse, "it", text) == [(0.3, "USD")]


def test_en_cents_take_the_currency_of_the_sums_nearby(analyse):
    text = "Oracle earned €2 billion and proposed a dividend of 45 cents a share."
    assert _figures(analyse, "en", text)[-1] == (0.45, "EUR")


def test_it_a_sum_written_out_in_two_scales_is_one_sum(analyse):
    text = "Nvidia ha pagato tre miliardi e duecento milioni di euro per Intel."
    assert _facts(analyse, "it", text) == [
        ("acquisition", "nvidia", "intel", "tre miliardi e duecento milioni di euro", "done")
    ]
    assert _figures(analyse, "it", text) == [(3_200_000_000, "EUR")]


def test_en_a_sum_written_out_in_two_scales_is_one_sum(analyse):
    text = "Nvidia paid two billion and 300 million dollars for Intel."
    assert _figures(analyse, "en", text) == [(2_300_000_000, "USD")]


def test_en_and_a_half_before_the_scale_is_half_of_it(analyse):
    text = "Nvidia paid two and a half billion dollars for Intel."
    assert _figures(analyse, "en", text) == [(2_500_000_000, "USD")]


def test_it_a_range_between_two_sums_stays_a_range(analyse):
    text = "Intel prevede ricavi tra 2 e 3 miliardi di euro."
    assert [(q.low, q.high) for q in analyse("it", text).quantities] == [(2_000_000_000, 3_000_000_000)]


def test_en_a_funding_rounds_valuation_is_neither_its_figure_nor_a_second_fact(analyse):
    text = "Oracle raised $2 billion at a valuation of $20 billion, in a round led by SoftBank."
    assert _facts(analyse, "en", text) == [("investment", "softbank", "oracle", "$2 billion", "done")]


def test_it_a_funding_rounds_valuation_is_no_second_fact(analyse):
    text = "SoftBank ha investito 2 miliardi di dollari in Oracle, con una valutazione di 20 miliardi."
    assert _facts(analyse, "it", text) == [
        ("investment", "softbank", "oracle", "2 miliardi di dollari", "done")
    ]


def test_en_a_valuation_stated_alone_is_a_metric(analyse):
    text = "The latest deal values Oracle at $20 billion."
    assert _facts(analyse, "en", text)[0][:4] == ("metric", "oracle", None, "$20 billion")


# --- status: talks and rumours, future verbs, dividends and buy-backs -------------------------------------


def test_en_talks_make_the_deal_talked_about_expected(analyse):
    text = "Nvidia is in talks to buy Intel, according to people familiar with the matter."
    assert _facts(analyse, "en", text) == [("acquisition", "nvidia", "intel", None, "expected")]


def test_it_the_conditional_of_hearsay_makes_the_deal_expected(analyse):
    text = "Nvidia sarebbe in trattative per acquisire Intel."
    assert _facts(analyse, "it", text) == [("acquisition", "nvidia", "intel", None, "expected")]


def test_en_a_rumoured_bid_is_an_expected_purchase(analyse):
    text = "Nvidia is rumoured to be preparing a $20 billion bid for Intel."
    assert _facts(analyse, "en", text) == [("acquisition", "nvidia", "intel", "$20 billion", "expected")]


def test_it_a_rumour_is_no_longer_a_sentence_without_facts(analyse):
    text = "Secondo indiscrezioni, Nvidia sarebbe pronta a offrire 20 miliardi di dollari per Intel."
    assert _facts(analyse, "it", text) == [
        ("acquisition", "nvidia", "intel", "20 miliardi di dollari", "expected")
    ]


def test_en_an_inquiry_reported_by_sources_is_under_way(analyse):
    text = "The FTC is investigating Intel, people familiar with the matter said."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "intel", None, "done")]


def test_it_a_future_verb_right_before_the_fact_word_makes_it_planned(analyse):
    text = "Nvidia diventerà uno dei principali azionisti di Intel."
    assert _facts(analyse, "it", text)[0][4] == "planned"


def test_it_a_future_dividend_is_a_planned_announcement(analyse):
    text = "Intel distribuirà un dividendo di 1 euro per azione."
    assert _facts(analyse, "it", text) == [("announcement", "intel", None, "1 euro", "planned")]


def test_en_a_planned_buy_back_is_an_announcement_of_its_sum(analyse):
    assert _facts(analyse, "en", "Intel plans a $5 billion buy-back.") == [
        ("announcement", "intel", None, "$5 billion", "planned")
    ]


def test_it_a_buy_back_is_an_announcement_of_its_sum(analyse):
    text = "Intel avvierà un riacquisto di azioni proprie da 500 milioni di euro."
    assert _facts(analyse, "it", text) == [("announcement", "intel", None, "500 milioni di euro", "planned")]


def test_it_a_launch_in_the_future_tense_stays_a_launch(analyse):
    text = "La nuova piattaforma di Oracle sarà lanciata a ottobre."
    assert _facts(analyse, "it", text)[0][:2] == ("launch", "oracle")


# --- the figure the fact's noun governs: launch prices, restated figures; nouns that are received --------


def test_en_a_launch_with_a_price_has_the_price_as_its_figure(analyse):
    text = "Oracle launched its new database, priced from $499, in September."
    assert _facts(analyse, "en", text)[0][:2] == ("launch", "oracle")
    assert "$499" in _facts(analyse, "en", text)[0][3]


def test_it_a_launch_with_a_monthly_price_has_the_price_as_its_figure(analyse):
    text = "Oracle ha lanciato ieri il suo nuovo servizio al prezzo di 9,99 euro al mese."
    assert _facts(analyse, "it", text)[0][:2] == ("launch", "oracle")
    assert "9,99 euro" in _facts(analyse, "it", text)[0][3]


def test_en_a_figure_restated_after_or_is_not_the_facts(analyse):
    text = "Intel will cut 15,000 jobs, or about 15% of its workforce, by the end of next year."
    assert _facts(analyse, "en", text) == [("plan", "intel", None, "15,000 jobs", "planned")]


def test_it_a_figure_restated_after_pari_a_is_not_the_facts(analyse):
    text = "Intel taglierà 1.200 posti di lavoro, pari al 10% dei dipendenti."
    assert _facts(analyse, "it", text) == [("plan", "intel", None, "1.200 posti di lavoro", "planned")]


def test_en_an_approval_received_is_the_authoritys_regulation(analyse):
    text = "Intel has received approval from the FTC for its purchase of Oracle."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "intel", None, "done")]


def test_it_an_approval_received_is_the_authoritys_regulation(analyse):
    text = "Intel ha ricevuto l'approvazione della FTC per l'acquisto di Oracle."
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "intel", None, "done")]


def test_it_a_stake_and_its_price_share_one_status(analyse):
    text = "Intel cederà il 51% di Oracle a SoftBank per 4,5 miliardi di dollari."
    assert {f[4] for f in _facts(analyse, "it", text)} == {"planned"}


def test_it_a_bare_sum_after_a_word_of_money_is_in_euro_when_no_sum_names_a_currency(analyse):
    assert _figures(analyse, "it", "La FTC ha inflitto a Intel una multa da 2 milioni.") == [
        (2_000_000, "EUR")
    ]


def test_en_a_bare_sum_after_a_word_of_money_has_no_currency_guessed(analyse):
    assert _figures(analyse, "en", "The FTC imposed a fine of 2 million on Intel.") == [(2_000_000, None)]


def test_it_a_sum_subscribed_is_money(analyse):
    text = "SoftBank ha sottoscritto 50 milioni dell'aumento di capitale di Intel da 80 milioni di euro."
    assert _figures(analyse, "it", text)[0] == (50_000_000, "EUR")


def test_it_an_appointment_with_no_company_or_body_is_no_fact(analyse):
    assert _facts(analyse, "it", "Jensen Huang succede a un consiglio rimasto senza presidente.") == []


def test_en_a_future_inside_a_relative_clause_leaves_the_measure_done(analyse):
    text = "Intel, whose new plant is to be finished in Ohio, employs about 120,000 people."
    assert _facts(analyse, "en", text) == [("metric", "intel", None, "about 120,000 people", "done")]


def test_it_a_future_inside_a_relative_clause_leaves_the_measure_done(analyse):
    text = "Intel, il cui nuovo stabilimento sarà costruito in Ohio, impiega circa 120.000 persone."
    assert _facts(analyse, "it", text) == [("metric", "intel", None, "circa 120.000 persone", "done")]


def test_en_what_someone_would_not_say_is_no_fact(analyse):
    text = "Intel's chief executive would not say whether the company had received any offers."
    assert _facts(analyse, "en", text) == []


def test_en_a_dividend_and_a_buy_back_are_two_announcements(analyse):
    text = "Intel will pay a dividend of 40 cents a share and buy back up to $2 billion of its shares."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("announcement", "intel", None, "40 cents"),
        ("announcement", "intel", None, "up to $2 billion"),
    ]


def test_it_a_dividend_and_a_buy_back_are_two_announcements(analyse):
    text = (
        "Intel distribuirà una cedola di 0,40 euro per azione e avvierà un riacquisto di azioni proprie "
        "fino a 2 miliardi di euro."
    )
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("announcement", "intel", None, "0,40 euro"),
        ("announcement", "intel", None, "fino a 2 miliardi di euro"),
    ]


def test_en_shares_sold_to_nobody_named_after_a_purchase_are_no_second_purchase(analyse):
    text = "Nvidia bought a 5% stake in Intel and sold its remaining shares in Oracle."
    assert [f[:3] for f in _facts(analyse, "en", text)] == [("acquisition", "nvidia", "intel")]


def test_en_who_leads_a_round_invests_in_its_company(analyse):
    text = "Nvidia led a €60 million funding round for Intel."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [("investment", "nvidia", "intel", "€60 million")]


def test_en_a_round_led_after_a_stake_is_a_second_deal_with_its_own_company(analyse):
    text = (
        "Nvidia has had a busy year: it bought a 20% stake in Oracle and led a €60 million round for Intel."
    )
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("acquisition", "nvidia", "oracle", "20%"),
        ("investment", "nvidia", "intel", "€60 million"),
    ]


def test_en_a_participle_with_its_agent_after_is_passive(analyse):
    text = "Intel, bought by Nvidia in 2020, employs 3,000 people."
    assert ("acquisition", "nvidia", "intel") in [f[:3] for f in _facts(analyse, "en", text)]


def test_it_who_leads_a_round_invests_in_its_company(analyse):
    text = "Nvidia ha guidato un round da 60 milioni di euro in Intel."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("investment", "nvidia", "intel", "60 milioni di euro")
    ]


def test_en_the_sum_of_the_deal_in_the_next_sentence_is_the_purchase_s(analyse):
    text = "Nvidia agreed to buy Intel. The $40 billion deal is due to close next year."
    assert [f[:4] for f in _facts(analyse, "en", text)][-1] == (
        "acquisition",
        "nvidia",
        "intel",
        "$40 billion",
    )


def test_en_what_the_deal_is_worth_after_a_stake_is_the_stake_s_price(analyse):
    text = "Nvidia is in talks to buy 30% of Intel. The deal could be worth up to $9 billion."
    assert _facts(analyse, "en", text) == [
        ("acquisition", "nvidia", "intel", "30%", "expected"),
        ("investment", "nvidia", "intel", "up to $9 billion", "expected"),
    ]


def test_it_what_the_deal_is_worth_after_a_stake_is_the_stake_s_price(analyse):
    text = "Nvidia ha rilevato il 30% di Intel. L'operazione vale circa 9 miliardi di dollari."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "nvidia", "intel", "30%"),
        ("investment", "nvidia", "intel", "circa 9 miliardi di dollari"),
    ]


def test_en_a_launch_s_price_may_close_a_long_clause(analyse):
    text = (
        "Intel launched the Arc Pro, its first graphics card for gaming laptops and small studios, "
        "in Germany and Austria on Monday at €399."
    )
    assert [f[:4] for f in _facts(analyse, "en", text)] == [("launch", "intel", None, "€399")]


def test_en_what_partners_build_together_is_the_partnership_s_figure(analyse):
    text = "Intel and Nvidia will open a $3 billion research centre for chip packaging in Arizona jointly."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [("partnership", "intel", "nvidia", "$3 billion")]


def test_en_a_recall_is_an_announcement_of_how_many(analyse):
    text = "Intel is recalling 8,000 laptops because of a faulty battery."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [("announcement", "intel", None, "8,000 laptops")]


def test_it_a_recall_is_an_announcement_of_how_many(analyse):
    text = "Intel richiama 8.000 portatili per un difetto della batteria."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("announcement", "intel", None, "8.000 portatili")
    ]


def test_it_a_future_verb_governs_a_fact_noun_in_a_phrase_after_it(analyse):
    text = "Entro il 2030 Intel porterà la flotta a 1.100 camion, con un investimento importante."
    assert _facts(analyse, "it", text) == [("plan", "intel", None, "1.100 camion", "planned")]


def test_it_a_partnership_a_future_deed_is_done_under_is_done(analyse):
    text = "Nvidia fornirà a Intel i suoi chip per i server, nell'ambito di un accordo firmato a marzo."
    assert [f[0::4] for f in _facts(analyse, "it", text)] == [("partnership", "done")]


# --- paraphrases of tune facts (tests/nlp/paraphrases.yaml): the same deed in other words ----------------


def test_en_a_stake_bought_in_the_passive_is_the_agent_s(analyse):
    assert _facts(analyse, "en", "A 10% stake in Intel was bought by SoftBank.")[0][:4] == (
        "acquisition",
        "softbank",
        "intel",
        "10%",
    )


def test_it_a_stake_bought_in_the_passive_is_the_agent_s(analyse):
    assert _facts(analyse, "it", "Una quota del 4 per cento di Intel è stata acquistata da Nvidia.")[0][
        :3
    ] == ("acquisition", "nvidia", "intel")


def test_it_becoming_chief_executive_is_an_appointment(analyse):
    assert _facts(analyse, "it", "Sam Altman diventa amministratore delegato di Oracle.")[0][:3] == (
        "appointment",
        "sam-altman",
        "oracle",
    )


def test_it_putting_money_into_a_company_is_an_investment(analyse):
    assert _facts(analyse, "it", "Nvidia metterà 5 miliardi di dollari in Intel.")[0][:3] == (
        "investment",
        "nvidia",
        "intel",
    )


def test_it_investments_in_programma_are_a_plan(analyse):
    text = "Oracle ha in programma investimenti per oltre 2 miliardi di euro in Italia."
    assert _facts(analyse, "it", text)[0][:2] == ("plan", "oracle")


def test_it_a_rise_by_a_percentage_is_a_share_price_move(analyse):
    assert _facts(analyse, "it", "Nvidia è salita del 3,5% in Borsa.")[0][:4] == (
        "stock",
        "nvidia",
        None,
        "3,5%",
    )


def test_it_a_fall_to_a_percentage_is_no_share_price_move(analyse):
    assert all(f[0] != "stock" for f in _facts(analyse, "it", "Intel è scesa all'11 per cento del mercato."))


def test_en_a_supply_deal_with_a_company_is_a_partnership(analyse):
    assert _facts(analyse, "en", "Intel has entered into a supply deal with Nvidia.")[0][:3] == (
        "partnership",
        "intel",
        "nvidia",
    )


def test_en_a_sum_paid_for_shares_in_a_company_is_an_investment_in_it(analyse):
    text = "SoftBank paid roughly $8.9 billion for its new shares in Intel."
    assert _facts(analyse, "en", text)[0][:4] == ("investment", "softbank", "intel", "roughly $8.9 billion")


def test_it_a_sum_paid_for_shares_in_a_company_is_an_investment_in_it(analyse):
    text = "Nvidia ha pagato 5 miliardi di dollari per le azioni di Intel."
    assert _facts(analyse, "it", text)[0][:3] == ("investment", "nvidia", "intel")


def test_en_a_buyback_unveiled_is_announced_not_launched(analyse):
    text = "Oracle unveiled a buyback of up to $5 billion on Tuesday."
    assert _facts(analyse, "en", text)[0][:2] == ("announcement", "oracle")


def test_it_a_buyback_presented_is_announced_not_launched(analyse):
    text = "Oracle ha presentato un piano di riacquisto di azioni proprie fino a 500 milioni di euro."
    assert _facts(analyse, "it", text)[0][:2] == ("announcement", "oracle")


def test_en_a_listed_company_that_surged_moved_its_share_price(analyse):
    text = "Intel surged almost 30% in pre-market trading on the Nasdaq."
    assert _facts(analyse, "en", text)[0][:4] == ("stock", "intel", None, "almost 30%")


def test_it_a_listed_company_that_flew_up_by_a_percentage_moved_its_share_price(analyse):
    text = "Intel è volata di quasi il 30 per cento al Nasdaq."
    assert _facts(analyse, "it", text)[0][:2] == ("stock", "intel")


def test_en_an_authority_that_accuses_a_company_regulates_it(analyse):
    text = "The FTC has accused Oracle of misleading customers."
    assert _facts(analyse, "en", text)[0][:3] == ("regulation", "ftc", "oracle")


def test_it_buying_back_own_shares_is_an_announcement_of_the_sum(analyse):
    text = "Oracle riacquisterà azioni proprie per un massimo di 500 milioni di euro."
    assert _facts(analyse, "it", text)[0][:2] == ("announcement", "oracle")


def test_en_a_company_sold_whole_has_its_price_as_the_purchase_s_figure(analyse):
    text = "Oracle was sold to SoftBank for $2.1 billion."
    assert _facts(analyse, "en", text) == [("acquisition", "softbank", "oracle", "$2.1 billion", "done")]


def test_it_a_company_sold_whole_has_its_price_as_the_purchase_s_figure(analyse):
    text = "Oracle è stata ceduta a SoftBank per 740 milioni di euro."
    assert _facts(analyse, "it", text)[0][:4] == ("acquisition", "softbank", "oracle", "740 milioni di euro")


def test_it_an_authority_named_after_lo_ha_deciso_rules_on_the_company_before(analyse):
    text = "Oracle dovrà pagare 4,5 milioni di euro: lo ha deciso la FTC."
    assert _facts(analyse, "it", text)[0][:3] == ("regulation", "ftc", "oracle")


def test_it_a_board_that_decided_a_deed_is_no_regulator(analyse):
    text = "Oracle investirà 2 miliardi di euro in Italia: lo ha deciso il consiglio di amministrazione."
    assert all(f[0] != "regulation" for f in _facts(analyse, "it", text))


# --- English wire wording (paraphrase batch F) -----------------------------------------------------------


def test_en_starting_to_sell_a_product_is_its_launch_with_the_price(analyse):
    text = "Nvidia began selling its new card in Germany on Tuesday for €1,299."
    assert _facts(analyse, "en", text)[0][:4] == ("launch", "nvidia", None, "€1,299")


def test_en_a_company_that_does_not_say_how_much_it_expects_states_no_plan(analyse):
    text = (
        "Nvidia opened a plant in Texas. The company did not say how many chips it expects to make this year."
    )
    assert all(f[0] != "plan" for f in _facts(analyse, "en", text))


def test_en_a_share_of_a_market_in_an_opening_phrase_belongs_to_the_name_after_its_comma(analyse):
    text = "With 31% of the Italian mobile market, Oracle is the country's largest operator."
    assert _facts(analyse, "en", text) == [("market_share", "oracle", None, "31%", "done")]


def test_en_the_company_after_money_put_into_a_company_is_the_company_funded(analyse):
    text = "SoftBank invested $40 million in OpenAI. The company will use it to hire 500 engineers by 2027."
    assert _facts(analyse, "en", text)[1][:2] == ("plan", "openai")


def test_it_il_fondo_naming_the_company_funded_is_still_the_investor(analyse):
    text = (
        "A marzo SoftBank ha investito 20 milioni di euro in OpenAI. "
        "A ottobre il fondo ha versato altri 35 milioni di euro in OpenAI."
    )
    assert _facts(analyse, "it", text)[1][:3] == ("investment", "softbank", "openai")


def test_en_what_a_company_runs_is_a_measure_of_it(analyse):
    text = "Oracle runs 14 data centres in Europe."
    assert _facts(analyse, "en", text) == [("metric", "oracle", None, "14 data centres", "done")]


def test_en_a_plan_confirmed_after_and_is_a_second_fact(analyse):
    text = "Oracle delivered 48,000 servers in the quarter and confirmed it will launch four models in 2026."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("metric", "oracle", None, "48,000 servers"),
        ("plan", "oracle", None, "four models"),
    ]


def test_en_a_measure_said_after_and_stays_one_statement(analyse):
    text = "Oracle raised its full-year target to at least $1.5 billion and said its margin stood at 15.1%."
    assert all(f[0] != "announcement" for f in _facts(analyse, "en", text))


def test_en_a_measure_after_as_is_a_fact_beside_a_dividend(analyse):
    text = "Oracle will pay a dividend of €0.85 a share as full-year revenue rose to €4.2 billion."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("announcement", "oracle", None, "€0.85"),
        ("metric", "oracle", None, "€4.2 billion"),
    ]


def test_en_a_company_being_taken_over_is_bought_by_the_agent(analyse):
    text = "Oracle is being taken over by SoftBank in a deal worth $1.3 billion."
    assert _facts(analyse, "en", text)[0][:4] == ("acquisition", "softbank", "oracle", "$1.3 billion")


def test_en_a_buyer_saying_what_it_will_keep_of_the_company_bought_states_no_fact(analyse):
    text = (
        "SoftBank has completed its purchase of Oracle for $210 million. "
        "SoftBank said it would keep Oracle's management in place."
    )
    assert [f[0] for f in _facts(analyse, "en", text)] == ["acquisition"]


def test_en_revenue_a_company_expects_to_grow_by_a_percentage_is_an_expected_measure(analyse):
    text = "Oracle expects revenue to grow about 25% in 2027."
    assert _facts(analyse, "en", text)[0] == ("metric", "oracle", None, "about 25%", "expected")


def test_en_an_investment_a_company_is_weighing_is_expected(analyse):
    text = "SoftBank is weighing an investment of about $1bn in OpenAI, people familiar with the matter said."
    assert _facts(analyse, "en", text)[0] == ("investment", "softbank", "openai", "about $1bn", "expected")


def test_en_a_bid_s_premium_over_the_share_price_is_no_measure(analyse):
    text = "SoftBank raised its bid for Oracle. The new offer is 14% above Oracle's closing price on Friday."
    assert all(f[0] != "metric" for f in _facts(analyse, "en", text))


def test_en_an_authority_approving_the_drug_rules_on_the_company_the_text_speaks_of(analyse):
    text = (
        "Oracle said its new drug had met every goal of its final trial. The FTC approved the drug on Friday."
    )
    assert _facts(analyse, "en", text)[-1][:3] == ("regulation", "ftc", "oracle")


def test_en_a_ruling_by_an_authority_rules_on_the_company_before(analyse):
    text = "Oracle must cut its prices after a ruling by the FTC."
    assert _facts(analyse, "en", text)[0][:3] == ("regulation", "ftc", "oracle")


def test_en_a_founder_s_quoted_measure_is_the_company_s(analyse):
    text = '"We doubled our revenue to $80 million last year," said Sam Altman, who founded OpenAI in 2015.'
    assert _facts(analyse, "en", text)[0][:4] == ("metric", "openai", None, "$80 million")


def test_en_the_person_replaced_who_moves_to_another_company_is_appointed_there(analyse):
    text = (
        "Sam Altman has been appointed chief executive of Oracle, replacing Jensen Huang, who moves to Intel."
    )
    assert [f[:3] for f in _facts(analyse, "en", text)] == [
        ("appointment", "sam-altman", "oracle"),
        ("appointment", "jensen-huang", "intel"),
    ]


def test_en_a_passive_plan_without_agent_is_the_company_s_plan(analyse):
    text = "Oracle will buy 120 trucks. Deliveries of the first 40 units are planned for next year."
    assert _facts(analyse, "en", text)[-1] == ("plan", "oracle", None, "40 units", "planned")


def test_en_a_raised_offer_for_a_company_is_its_purchase_at_that_sum(analyse):
    text = "SoftBank raised its offer for Oracle to £2.1 billion."
    assert _facts(analyse, "en", text)[0][:4] == ("acquisition", "softbank", "oracle", "£2.1 billion")


def test_en_a_decision_by_an_authority_rules_on_the_company_before(analyse):
    text = "Oracle must refund customers after a decision by the FTC."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "oracle", None, "done")]


def test_en_a_valuation_a_listing_could_reach_is_an_expected_measure(analyse):
    text = "The listing could value Oracle at up to $6bn."
    assert _facts(analyse, "en", text) == [("metric", "oracle", None, "up to $6bn", "expected")]


def test_en_beginning_to_ship_a_product_is_its_launch(analyse):
    text = "Oracle began shipping its new server to customers in Japan on Monday at $18,000."
    assert _facts(analyse, "en", text)[0][:2] == ("launch", "oracle")


def test_en_net_income_after_as_is_a_measure_beside_a_dividend(analyse):
    text = "Oracle paid a dividend of 40 cents as net income climbed to $85 million."
    assert _facts(analyse, "en", text)[1][:4] == ("metric", "oracle", None, "$85 million")


def test_en_a_plan_said_after_and_that_is_a_second_fact(analyse):
    text = "Oracle said profit rose 12% to $310 million and that it would hire 400 staff by 2027."
    assert _facts(analyse, "en", text)[1] == ("plan", "oracle", None, "400 staff", "planned")


def test_en_a_bid_s_percentage_premium_over_the_share_price_is_no_share_move(analyse):
    text = "SoftBank raised its bid for Oracle to $3.2 billion, a 30% premium to Oracle's share price."
    assert [f[0] for f in _facts(analyse, "en", text)] == ["acquisition"]


def test_en_the_fund_after_money_put_into_a_company_is_still_the_investor(analyse):
    text = "SoftBank invested $20 million in OpenAI. The tech fund now holds 9% of the start-up."
    assert _facts(analyse, "en", text)[1][:4] == ("acquisition", "softbank", "openai", "9%")


def test_en_money_raised_from_investors_not_named_is_an_investment_without_subject(analyse):
    text = "OpenAI has raised $65 million without naming its investors."
    assert _facts(analyse, "en", text) == [("investment", None, "openai", "$65 million", "done")]


def test_en_a_count_of_more_without_its_noun_counts_the_things_counted_before(analyse):
    text = "Oracle runs 14 data centres and plans to add six more by 2028."
    assert _facts(analyse, "en", text)[1][:4] == ("plan", "oracle", None, "six")
    analysis = analyse("en", text)
    assert analysis.quantities[analysis.facts[1].quantity].unit == "data centres"


def test_en_a_plan_said_after_a_name_and_and_is_a_second_fact(analyse):
    text = "Oracle won a $600 million contract from Intel and said it would hire 500 engineers."
    assert _facts(analyse, "en", text)[1] == ("plan", "oracle", None, "500 engineers", "planned")


def test_en_a_deal_valued_at_a_sum_gives_the_purchase_its_figure(analyse):
    text = "Oracle is being acquired by SoftBank in a deal valued at $2.3 billion."
    assert _facts(analyse, "en", text) == [("acquisition", "softbank", "oracle", "$2.3 billion", "done")]


def test_en_the_valuation_a_listing_is_expected_at_is_an_expected_measure(analyse):
    text = "OpenAI expects to list in New York next year at a valuation of about $5 billion."
    assert _facts(analyse, "en", text)[0] == ("metric", "openai", None, "about $5 billion", "expected")


def test_en_an_investment_a_company_is_exploring_is_expected(analyse):
    text = "SoftBank is exploring an investment of up to $250 million in OpenAI."
    assert _facts(analyse, "en", text)[0][4] == "expected"


def test_en_a_count_a_quoted_chief_says_the_company_will_hire_is_a_plan_not_an_appointment(analyse):
    text = '"We will hire 300 people next year," Oracle chief executive Sam Altman said.'
    assert _facts(analyse, "en", text) == [("plan", "oracle", None, "300 people", "planned")]


def test_en_what_a_company_shipped_is_a_measure_of_it(analyse):
    text = "Sam Altman, who co-founded OpenAI in 2015, said the company had shipped 25,000 units last year."
    assert _facts(analyse, "en", text)[0][:4] == ("metric", "openai", None, "25,000 units")


def test_en_a_count_a_company_expects_to_sell_is_a_plan(analyse):
    text = "Oracle expects to sell about 60,000 servers in 2026."
    assert _facts(analyse, "en", text)[0] == ("plan", "oracle", None, "about 60,000 servers", "planned")


def test_en_a_growth_forecast_is_expected(analyse):
    text = "Oracle forecast revenue growth of about 25% for 2027."
    assert _facts(analyse, "en", text)[0][4] == "expected"


def test_en_a_founding_year_in_an_aside_is_not_the_fact_s_date(analyse):
    text = "Sam Altman, who founded OpenAI in 2015, said revenue reached $45 million."
    analysis = analyse("en", text)
    assert [(f.kind, f.subject, f.date) for f in analysis.facts] == [("metric", "openai", None)]


def test_en_its_stake_raised_later_is_a_stake_in_the_company_before(analyse):
    text = "SoftBank bought 8% of Oracle last month and said it could raise its stake to 15%."
    assert _facts(analyse, "en", text)[1] == ("acquisition", "softbank", "oracle", "15%", "expected")


def test_en_succeeding_a_person_who_leaves_for_another_company_keeps_the_post_s_company(analyse):
    text = "Sam Altman will become chief executive of Oracle, succeeding Jensen Huang, who will run Intel."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "sam-altman", "oracle")


def test_en_the_share_of_a_market_a_purchase_gives_is_no_stake_bought(analyse):
    text = "SoftBank's purchase of Oracle would give it about 30% of the Japanese cloud market."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("acquisition", "softbank", "oracle", None),
        ("market_share", "softbank", None, "about 30%"),
    ]


def test_en_a_chief_s_words_of_a_plan_make_the_company_s_plan(analyse):
    text = "Oracle chief executive Sam Altman said the company would cut 300 jobs by 2027."
    assert _facts(analyse, "en", text)[0][:2] == ("plan", "oracle")


def test_en_money_agreed_to_be_spent_on_no_company_is_a_plan(analyse):
    text = "Oracle agreed to invest $2 billion in a new plant in Texas, creating 1,100 jobs."
    assert [f[:4] for f in _facts(analyse, "en", text)] == [
        ("plan", "oracle", None, "$2 billion"),
        ("plan", "oracle", None, "1,100 jobs"),
    ]


def test_en_an_approach_for_a_company_is_its_purchase_at_that_sum(analyse):
    text = "SoftBank made a $3 billion approach for Oracle, a 35% premium to its closing price on Monday."
    assert _facts(analyse, "en", text) == [("acquisition", "softbank", "oracle", "$3 billion", "done")]


def test_en_a_round_closed_without_disclosing_the_investors_has_no_subject(analyse):
    text = "OpenAI has closed a €18 million funding round, it said, without disclosing the investors."
    assert _facts(analyse, "en", text) == [("investment", None, "openai", "€18 million", "done")]


# --- Italian as business dailies write it (issue 13, round 5) ------------------------------------------


def test_it_in_borsa_with_a_capital_is_a_share_price_move(analyse):
    text = "Intel è volata in Borsa: quasi +40 per cento dopo i conti."
    assert _facts(analyse, "it", text) == [("stock", "intel", None, "quasi +40 per cento", "done")]


def test_it_passing_under_the_control_of_a_company_is_its_purchase(analyse):
    text = "Per 300 milioni di euro Oracle passa sotto il controllo di SoftBank."
    assert _facts(analyse, "it", text)[0][:4] == ("acquisition", "softbank", "oracle", "300 milioni di euro")


def test_it_da_parte_di_names_the_buyer_of_a_purchase_noun(analyse):
    text = "Chiusa l'acquisizione di Oracle da parte di SoftBank, alla guida della società arriva Sam Altman."
    assert _facts(analyse, "it", text)[0][:3] == ("acquisition", "softbank", "oracle")


def test_it_an_opening_participle_clause_leaves_the_appointment_after_it(analyse):
    text = "Chiusa l'acquisizione di Oracle da parte di SoftBank, alla guida della società arriva Sam Altman."
    assert [f[:3] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "softbank", "oracle"),
        ("appointment", "sam-altman", "oracle"),
    ]


def test_it_an_appointment_after_e_is_a_clause_of_its_own(analyse):
    text = "SoftBank ha completato l'acquisizione di Oracle e ha nominato Sam Altman presidente di Oracle."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["acquisition", "appointment"]


def test_it_the_subsidiary_is_the_company_just_bought(analyse):
    text = (
        "SoftBank ha completato l'acquisizione di Oracle e ha nominato Sam Altman amministratore delegato "
        "della controllata."
    )
    assert _facts(analyse, "it", text)[1][:3] == ("appointment", "sam-altman", "oracle")


def test_it_the_staff_of_a_site_in_a_dove_clause_is_no_plan(analyse):
    text = "Intel investirà 40 milioni di euro nello stabilimento di Magdeburgo, dove lavorano 600 persone."
    assert _facts(analyse, "it", text) == [("plan", "intel", None, "40 milioni di euro", "planned")]


def test_it_an_inverted_sentence_has_its_subject_after_the_copula(analyse):
    text = "Ad acquisire il 25 per cento di Oracle sarà SoftBank."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "oracle", "25 per cento", "planned")]


def test_it_the_price_paid_in_a_relative_clause_on_the_buyer_is_its_investment(analyse):
    text = "Ad acquisire il 25 per cento di Oracle sarà SoftBank, che pagherà circa 40 milioni di euro."
    assert ("investment", "softbank", "oracle", "circa 40 milioni di euro", "planned") in _facts(
        analyse, "it", text
    )


def test_it_entering_the_capital_in_a_relative_clause_is_the_stake_bought(analyse):
    text = (
        "L'aumento di capitale di Intel è stato sottoscritto per 60 milioni di euro da Nvidia, che entra "
        "così nel capitale con il 10 per cento."
    )
    assert ("acquisition", "nvidia", "intel", "10 per cento", "done") in _facts(analyse, "it", text)


def test_it_becoming_a_shareholder_of_it_is_a_stake_in_the_company_invested_in(analyse):
    text = (
        "SoftBank ha versato 18 milioni di euro in OpenAI, diventandone il secondo azionista con il 9 per "
        "cento."
    )
    assert ("acquisition", "softbank", "openai", "9 per cento", "done") in _facts(analyse, "it", text)


def test_it_entering_the_capital_with_no_share_named_is_no_purchase(analyse):
    text = "Con un investimento di 5 miliardi di dollari, Nvidia entrerà nel capitale di Intel."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["investment"]


def test_it_a_condition_in_a_clause_of_its_own_is_the_ruling_s_figure(analyse):
    text = "La FTC ha autorizzato la fusione tra Oracle e Intel, ma Oracle dovrà cedere 45 filiali."
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "oracle", "45 filiali", "done")]


def test_it_a_condition_binds_the_buyer_of_the_deal_approved(analyse):
    text = (
        "La FTC ha autorizzato l'acquisto di Intel da parte di Nvidia, a condizione che il gruppo ceda due "
        "stabilimenti."
    )
    assert _facts(analyse, "it", text)[0][:4] == ("regulation", "ftc", "nvidia", "due stabilimenti")


def test_it_a_deal_granted_by_a_ruling_is_no_deal_of_its_own(analyse):
    text = "Via libera della FTC all'acquisto di Intel da parte di Nvidia."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["regulation"]


def test_it_a_second_predicate_states_a_second_measure(analyse):
    text = "Intel ha chiuso il 2025 con una perdita di 15 milioni di euro e ha perso 120.000 clienti."
    assert ("metric", "intel", None, "120.000 clienti", "done") in _facts(analyse, "it", text)


def test_it_a_measure_after_dopo_aver_has_its_own_tense(analyse):
    text = (
        "Intel distribuirà a maggio una cedola di 1,10 euro, dopo aver chiuso l'esercizio con un utile di "
        "1,3 miliardi di euro."
    )
    assert ("metric", "intel", None, "1,3 miliardi di euro", "done") in _facts(analyse, "it", text)


def test_it_a_loss_is_a_measure_below_zero(analyse):
    analysis = analyse("it", "Intel ha chiuso il 2025 con una perdita di 15 milioni di euro.", "2026-02-01")
    assert [analysis.quantities[f.quantity].value for f in analysis.facts] == [-15000000]


def test_it_a_ruling_on_its_product_rules_on_the_company_spoken_of(analyse):
    text = "Intel è crollata in Borsa, con un calo del 20 per cento, dopo che la FTC ha bocciato il suo chip."
    assert ("regulation", "ftc", "intel", None, "done") in _facts(analyse, "it", text)


def test_it_a_relative_clause_after_a_clause_with_no_fact_word_is_read(analyse):
    text = "Seduta nera per Intel, che a Wall Street ha perso il 12 per cento."
    assert _facts(analyse, "it", text) == [("stock", "intel", None, "12 per cento", "done")]


def test_it_a_count_put_first_counts_the_noun_after_the_article(analyse):
    analysis = analyse("it", "Sono 400.000 gli utenti di OpenAI.", "2026-02-01")
    assert [(f.kind, analysis.quantities[f.quantity].unit) for f in analysis.facts] == [("metric", "utenti")]


def test_it_a_number_put_first_with_a_scale_and_currency_after_the_article_is_a_sum(analyse):
    analysis = analyse("it", "Sono 150 i milioni di euro che Nvidia investirà in Intel.", "2026-02-01")
    quantity = analysis.quantities[analysis.facts[0].quantity]
    assert (analysis.facts[0].kind, quantity.value, quantity.unit) == ("investment", 150000000, "EUR")


def test_it_what_the_company_invested_in_will_do_with_the_money_is_its_plan(analyse):
    text = "Nvidia ha investito 40 milioni di euro in Intel, che userà i fondi per assumere 300 ingegneri."
    assert ("plan", "intel", None, "300 ingegneri", "planned") in _facts(analyse, "it", text)


def test_it_a_future_verb_with_no_subject_named_is_the_company_s(analyse):
    text = "Intel ha raccolto 8 milioni di euro. Con i nuovi fondi assumerà 25 sviluppatori."
    assert ("plan", "intel", None, "25 sviluppatori", "planned") in _facts(analyse, "it", text)


def test_it_ne_counts_the_noun_counted_before(analyse):
    text = "Intel ha installato 1.500 colonnine nel 2025. Ne installerà altre 2.000 entro il 2028."
    analysis = analyse("it", text, "2026-02-01")
    last = analysis.quantities[analysis.facts[-1].quantity]
    assert (analysis.facts[-1].kind, last.value, last.unit) == ("plan", 2000, "colonnine")


def test_it_the_longest_phrase_wins_and_an_inverted_round_is_led_by_the_names_after_the_copula(analyse):
    text = "A guidare il round da 12 milioni di euro di OpenAI sono stati SoftBank e Nvidia."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("investment", "softbank", "openai", "12 milioni di euro"),
        ("investment", "nvidia", "openai", "12 milioni di euro"),
    ]


def test_it_a_ruling_imposing_a_sale_has_it_as_its_figure(analyse):
    text = (
        "La FTC ha autorizzato la fusione tra Oracle e Intel annunciata lo scorso anno dai due gruppi, "
        "imponendo a Oracle la cessione di 12 negozi."
    )
    assert _facts(analyse, "it", text)[0][:4] == ("regulation", "ftc", "oracle", "12 negozi")


def test_it_a_company_that_stays_led_by_its_founders_states_no_fact(analyse):
    text = "Oracle resterà guidata dai fondatori anche dopo l'ingresso di SoftBank."
    assert _facts(analyse, "it", text) == []


def test_it_shops_opened_are_a_measure(analyse):
    text = "Intel ha aperto 40 nuovi negozi nel 2025."
    assert _facts(analyse, "it", text) == [("metric", "intel", None, "40 nuovi negozi", "done")]


def test_it_a_relative_clause_telling_part_of_the_same_deal_is_no_second_deal(analyse):
    text = (
        "A guidare l'aumento di capitale da 85 milioni di euro di OpenAI è stata SoftBank, che da sola ha "
        "sottoscritto 50 milioni."
    )
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("investment", "softbank", "openai", "85 milioni di euro")
    ]


def test_it_an_opening_participle_with_no_doer_takes_the_main_clause_s_subject(analyse):
    text = "Completata l'acquisizione di Oracle, SoftBank ha scelto Sam Altman come nuovo presidente."
    assert _facts(analyse, "it", text)[0][:3] == ("acquisition", "softbank", "oracle")


def test_it_ne_before_a_purchase_makes_the_percentage_a_stake_and_the_sum_its_price(analyse):
    text = (
        "Oracle passa sotto il controllo di SoftBank, che ne rileva il 75 per cento per 64 milioni di euro."
    )
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "softbank", "oracle", "75 per cento"),
        ("investment", "softbank", "oracle", "64 milioni di euro"),
    ]


def test_it_money_raised_from_no_investor_named_is_an_investment_with_no_subject(analyse):
    text = "Intel ha raccolto 8 milioni di euro."
    assert _facts(analyse, "it", text) == [("investment", None, "intel", "8 milioni di euro", "done")]


def test_it_a_capital_increase_with_no_investor_named_is_an_investment_with_no_subject(analyse):
    text = "Intel ha varato un aumento di capitale da 20 milioni di euro."
    assert _facts(analyse, "it", text) == [("investment", None, "intel", "20 milioni di euro", "done")]


def test_en_money_received_from_no_investor_named_is_an_investment_with_no_subject(analyse):
    text = "Intel received $40 million in new funding."
    assert _facts(analyse, "en", text) == [("investment", None, "intel", "$40 million", "done")]


def test_it_a_count_put_first_may_have_an_adjective_before_its_noun(analyse):
    analysis = analyse(
        "it", "Saranno 2.000 i nuovi posti di lavoro che Intel creerà a Magdeburgo.", "2026-02-01"
    )
    assert [(f.kind, analysis.quantities[f.quantity].unit) for f in analysis.facts] == [("plan", "posti")]


def test_it_a_condition_after_a_ruling_on_no_company_named_is_that_ruling_on_the_company_bound(analyse):
    text = "La FTC ha dato il via libera all'operazione, ma Oracle dovrà cedere più di 30 negozi."
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "oracle", "più di 30 negozi", "done")]


def test_it_an_inverted_infinitive_phrase_has_its_subject_after_the_copula(analyse):
    text = "A entrare nel capitale di Oracle con il 15 per cento sarà SoftBank."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "oracle", "15 per cento", "planned")]


def test_it_ne_before_a_deal_word_is_the_company_spoken_of(analyse):
    text = "Sam Altman è stato nominato presidente di Oracle, dopo che SoftBank ne ha completato l'acquisto."
    assert ("acquisition", "softbank", "oracle", None, "done") in _facts(analyse, "it", text)


# --- round 6 (English batch H): first deliveries, "take over as", places, previous values, asides --------


def test_en_first_deliveries_of_a_product_are_its_launch(analyse):
    text = "Oracle began deliveries of its new server in France on Monday."
    assert _facts(analyse, "en", text) == [("launch", "oracle", None, None, "done")]


def test_en_take_over_as_a_role_is_an_appointment_not_a_purchase(analyse):
    text = "Sam Altman will take over as chief executive of Oracle on 1 January."
    assert _facts(analyse, "en", text) == [("appointment", "sam-altman", "oracle", None, "planned")]


def test_en_a_count_in_a_clause_about_a_place_is_not_the_plans_figure(analyse):
    text = "Intel is to shut its plant in Leixlip, where 380 people work, and move production to Oregon."
    assert _facts(analyse, "en", text) == [("plan", "intel", None, None, "planned")]


def test_en_a_figure_after_up_from_is_the_value_before_not_the_facts(analyse):
    text = "Intel now holds 31% of the server chip market, up from 28% a year earlier."
    assert _facts(analyse, "en", text) == [("market_share", "intel", None, "31%", "done")]


def test_en_a_result_for_a_period_in_an_aside_is_a_metric_of_its_company(analyse):
    text = "Oracle, which sold 48,000 servers last year, did not say how it would pay for the plant."
    assert _facts(analyse, "en", text) == [("metric", "oracle", None, "48,000 servers", "done")]


def test_en_a_forecast_in_an_aside_is_no_result(analyse):
    text = (
        "Oracle, which had guided for $2.6 billion in February, did not say how it would pay for the plant."
    )
    assert _facts(analyse, "en", text) == []


def test_en_a_size_in_an_aside_with_no_period_is_no_result(analyse):
    text = "Oracle, which employs 48,000 people, did not say how it would pay for the plant."
    assert _facts(analyse, "en", text) == []


def test_en_a_reply_to_a_ruling_states_no_fact(analyse):
    text = "The FTC fined Oracle $4 million. The company said it had since improved its controls."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "oracle", "$4 million", "done")]


def test_en_what_a_company_ruled_on_will_do_next_is_still_announced(analyse):
    text = "The FTC fined Oracle $4 million. The company said it would request a meeting with the agency."
    assert [f[:2] for f in _facts(analyse, "en", text)] == [("regulation", "ftc"), ("announcement", "oracle")]


def test_en_the_broker_stands_for_the_company_spoken_of(analyse):
    text = "The FTC fined Oracle $4 million. The broker will pay a dividend of $1.10 a share."
    assert ("announcement", "oracle", None, "$1.10", "planned") in _facts(analyse, "en", text)


def test_en_is_to_makes_a_count_a_plan(analyse):
    text = "Oracle is to cut 700 jobs, the company said."
    assert _facts(analyse, "en", text) == [("plan", "oracle", None, "700 jobs", "planned")]


def test_it_a_sum_close_to_a_figure_is_about_it(analyse):
    text = "SoftBank ha acquisito Oracle per una cifra vicina ai 30 milioni di euro."
    analysis = analyse("it", text, "2026-10-07")
    figures = [analysis.quantities[f.quantity] for f in analysis.facts if f.quantity is not None]
    assert [(q.text, q.qualifier) for q in figures] == [("vicina ai 30 milioni di euro", "about")]


def test_it_a_deal_that_values_the_company_after_a_stake_states_its_worth_not_the_stake_price(analyse):
    text = (
        "Oracle sarebbe vicina alla cessione del 60% a SoftBank. "
        "L'operazione valuterebbe l'intera società circa 150 milioni di euro."
    )
    assert _facts(analyse, "it", text)[-1][:4] == ("metric", "oracle", None, "circa 150 milioni di euro")


def test_it_a_word_for_an_investor_after_money_put_in_stands_for_the_investor_not_the_company_funded(analyse):
    text = (
        "SoftBank ha investito 12 milioni di euro in Oracle. "
        "Con l'aumento di capitale il fondo giapponese sale al 30% dell'azienda."
    )
    assert ("acquisition", "softbank", "oracle", "30%", "done") in _facts(analyse, "it", text)


def test_it_the_person_whose_post_is_taken_is_not_appointed(analyse):
    text = "La manager prenderà il posto di Sam Altman alla guida di OpenAI."
    assert [f for f in _facts(analyse, "it", text) if f[0] == "appointment"] == []


def test_it_the_newcomer_before_a_predecessor_is_the_one_appointed(analyse):
    text = "Jensen Huang prenderà il posto di Sam Altman alla guida di OpenAI."
    assert _facts(analyse, "it", text) == [("appointment", "jensen-huang", "openai", None, "planned")]


def test_it_a_financial_post_is_no_investment(analyse):
    text = (
        "OpenAI ha un nuovo capo. "
        "La manager, finora direttrice finanziaria di Oracle, prenderà il posto di Sam Altman."
    )
    assert [f for f in _facts(analyse, "it", text) if f[0] == "investment"] == []


def test_it_a_round_number_told_as_a_collective_noun_is_about_that_many(analyse):
    analysis = analyse("it", "Oracle chiuderà una trentina di negozi.")
    figure = analysis.quantities[analysis.facts[0].quantity]
    assert (figure.text, figure.value, figure.unit, figure.qualifier) == (
        "una trentina di negozi",
        30,
        "negozi",
        "about",
    )


def test_it_a_bare_count_after_altri_counts_the_things_counted_before(analyse):
    analysis = analyse("it", "Oracle chiuderà 30 negozi e ne aprirà altri quindici.")
    assert [
        (analysis.quantities[f.quantity].value, analysis.quantities[f.quantity].unit) for f in analysis.facts
    ] == [(30, "negozi"), (15, "negozi")]


def test_it_the_subscriber_named_after_a_capital_increase_and_its_sum_is_the_investor(analyse):
    text = "OpenAI ha ottenuto un aumento di capitale da 150 milioni di euro sottoscritto da SoftBank."
    assert _facts(analyse, "it", text) == [
        ("investment", "softbank", "openai", "150 milioni di euro", "done")
    ]


def test_an_aside_between_commas_does_not_put_the_price_out_of_reach(analyse):
    text = (
        "SoftBank ha acquisito Oracle, gruppo del software con sede ad Austin nel Texas, "
        "per una cifra vicina ai 30 miliardi di dollari."
    )
    assert _facts(analyse, "it", text) == [
        ("acquisition", "softbank", "oracle", "vicina ai 30 miliardi di dollari", "done")
    ]


def test_it_a_sum_lost_is_a_loss(analyse):
    analysis = analyse("it", "OpenAI ha perso 40 milioni di euro nel 2025.")
    assert [(f.kind, f.subject, analysis.quantities[f.quantity].value) for f in analysis.facts] == [
        ("metric", "openai", -40000000)
    ]


def test_it_a_percentage_lost_stays_a_share_price_move(analyse):
    assert [f[0] for f in _facts(analyse, "it", "Il titolo Oracle ha perso il 18 per cento.")] == ["stock"]


def test_it_a_closing_relative_clause_with_a_result_for_a_period_is_a_measure_of_its_own(analyse):
    text = "SoftBank ha acquisito Oracle, che nel 2025 ha fatturato 80 milioni di euro."
    assert _facts(analyse, "it", text) == [
        ("acquisition", "softbank", "oracle", None, "done"),
        ("metric", "oracle", None, "80 milioni di euro", "done"),
    ]


def test_it_a_standing_size_in_a_closing_relative_clause_is_no_fact(analyse):
    text = "SoftBank ha acquisito Oracle, che ha 300 dipendenti."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "oracle", None, "done")]


def test_it_an_offer_for_a_company_in_a_rumour_is_its_purchase_expected(analyse):
    text = "Secondo indiscrezioni, SoftBank starebbe valutando un'offerta per Oracle."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "oracle", None, "expected")]


def test_it_a_measure_to_come_is_a_plan_even_with_another_company_named(analyse):
    text = "Oracle prevede di tagliare 200 posti di lavoro dopo la fusione con Intel."
    assert _facts(analyse, "it", text) == [("plan", "oracle", None, "200 posti di lavoro", "planned")]


def test_it_a_name_in_an_aside_about_the_subject_is_not_the_target_of_its_deed(analyse):
    text = "Oracle, controllata dal fondo SoftBank, investirà 310 milioni di euro in tre stabilimenti."
    assert _facts(analyse, "it", text) == [("plan", "oracle", None, "310 milioni di euro", "planned")]


def test_it_taking_the_reins_of_a_company_is_an_appointment(analyse):
    text = "Jensen Huang prenderà le redini di OpenAI come amministratore delegato."
    assert _facts(analyse, "it", text) == [("appointment", "jensen-huang", "openai", None, "planned")]


def test_it_called_to_the_chair_of_a_company_is_an_appointment(analyse):
    text = "Jensen Huang è stato chiamato alla presidenza di OpenAI."
    assert _facts(analyse, "it", text) == [("appointment", "jensen-huang", "openai", None, "done")]


def test_it_premiums_collected_are_a_measure_not_money_received(analyse):
    text = "Oracle ha raccolto premi per 6,4 miliardi di euro nel 2025."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("metric", "oracle", None, "6,4 miliardi di euro")
    ]


def test_it_a_joint_company_is_a_partnership(analyse):
    text = "Oracle costituirà con Intel una società comune per produrre chip."
    assert [f[:3] for f in _facts(analyse, "it", text)] == [("partnership", "oracle", "intel")]


def test_it_a_price_above_a_sum_after_an_article_is_over_it(analyse):
    text = "Oracle ha comprato Intel per una cifra superiore ai cento milioni di euro."
    analysis = analyse("it", text)
    assert [(f.kind, analysis.quantities[f.quantity].qualifier) for f in analysis.facts] == [
        ("acquisition", "over")
    ]


def test_it_a_count_and_a_sum_joined_by_e_are_two_measures(analyse):
    text = "Oracle ha chiuso l'anno con tre milioni di clienti e ricavi per 220 milioni di euro."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("metric", "oracle", None, "tre milioni di clienti"),
        ("metric", "oracle", None, "220 milioni di euro"),
    ]


def test_it_a_percentage_given_up_in_borsa_with_no_buyer_is_a_share_price_move(analyse):
    assert [f[:4] for f in _facts(analyse, "it", "Oracle cede il 12,4% in Borsa.")] == [
        ("stock", "oracle", None, "12,4%")
    ]


def test_it_a_genitive_relative_clause_is_on_the_name_before_and_done_by_the_subject(analyse):
    text = "SoftBank investirà 50 milioni di euro in Oracle, di cui rileverà il 20%."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("investment", "softbank", "oracle", "50 milioni di euro"),
        ("acquisition", "softbank", "oracle", "20%"),
    ]


def test_it_money_collected_for_a_stake_sold_is_the_buyers_investment(analyse):
    text = "Oracle ha ceduto il 51% del capitale a SoftBank, incassando 73 milioni di euro."
    assert [f[:4] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "softbank", "oracle", "51%"),
        ("investment", "softbank", "oracle", "73 milioni di euro"),
    ]
