"""Structural rules of the fact proposals, one behaviour a test: clauses, referring phrases, implied
subjects, stakes without a stake word, authorities' orders, attributions and repeats. The words are in
generator/analyse/cues/<lang>.yaml."""

from __future__ import annotations

import pytest

from generator.model import Entity


def _facts(analyse, language: str, text: str):
    """(kind, subject, object, figure text or None) of each proposed fact."""
    analysis = analyse(language, text, "2026-05-05")
    return [
        (
            f.kind,
            f.subject,
            f.object,
            analysis.quantities[f.quantity].text if f.quantity is not None else None,
        )
        for f in analysis.facts
    ]


# --- stakes without a stake word, referring phrases -----------------------------------------------------


def test_it_a_percentage_of_a_company_is_a_stake_in_the_company_referred_to(analyse):
    text = "Nvidia investirà 5 miliardi di dollari in Intel. L'operazione porterà Nvidia al 4% della società."
    assert _facts(analyse, "it", text)[1] == ("acquisition", "nvidia", "intel", "4%")


def test_en_a_percentage_of_a_company_is_a_stake_in_the_company_referred_to(analyse):
    text = "Intel reported revenue of $10 billion. Nvidia now owns 4% of the chipmaker."
    assert _facts(analyse, "en", text)[1] == ("acquisition", "nvidia", "intel", "4%")


def test_en_a_company_word_with_an_adjective_refers_to_the_company(analyse):
    text = "Intel sold bonds worth $2.5 billion. Demand topped $9 billion, the American chipmaker said."
    assert _facts(analyse, "en", text)[-1] == ("metric", "intel", None, "topped $9 billion")


def test_it_two_companies_are_not_the_one_named_before(analyse):
    text = "Intel e Oracle hanno firmato un accordo. Le due società svilupperanno insieme un centro dati."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["partnership"]


def test_it_a_short_form_of_a_registry_name_is_that_entity():
    from generator.analyse.pipeline import analyse_text, build_nlp

    registry = [
        Entity(id="cdp", name="Cassa Depositi e Prestiti", kind="organization", aliases={"all": ["Cdp"]}),
        Entity(id="intel", name="Intel", kind="company"),
    ]
    text = "Cdp investirà 150 milioni di euro in Intel. L'aumento porterà la Cassa al 12% della società."
    analysis = analyse_text(build_nlp("it", registry), text, "2026-05-05")
    assert [(f.kind, f.subject, f.object) for f in analysis.facts][1] == ("acquisition", "cdp", "intel")


def test_it_the_topic_is_a_clause_subject_not_a_company_only_mentioned(analyse):
    text = (
        "Oracle ha chiuso il 2025 con ricavi per 50 miliardi di dollari. A Wall Street il titolo di Intel ha "
        "guadagnato il 3%. La società ha firmato un accordo con Nvidia."
    )
    assert _facts(analyse, "it", text)[2][:3] == ("partnership", "oracle", "nvidia")


# --- implied subjects -----------------------------------------------------------------------------------


def test_it_a_sentence_without_a_name_speaks_of_the_company_before(analyse):
    text = (
        "Intel prevede di comprare 40 nuovi macchinari. La spesa sarà di circa 1,2 miliardi di euro, "
        "ha detto l'amministratore delegato."
    )
    assert _facts(analyse, "it", text)[1] == ("plan", "intel", None, "circa 1,2 miliardi di euro")


def test_en_a_plan_word_without_a_name_speaks_of_the_company_before(analyse):
    text = "Oracle will build vans in Texas. Production is planned to start in 2027 with 30,000 vans a year."
    assert _facts(analyse, "en", text) == [("plan", "oracle", None, "30,000 vans")]


def test_en_a_name_the_registry_lacks_before_the_cue_is_no_implied_subject(analyse):
    text = "Oracle reported revenue of $50 billion. Robotica Ferri signed an agreement with Nvidia."
    assert len(_facts(analyse, "en", text)) == 1


# --- authorities, attributions, complements, possibilities, repeats -------------------------------------


def test_it_an_authority_that_asks_a_company_regulates_it(analyse):
    text = "La Federal Trade Commission ha chiesto a Intel di cedere una parte delle attività."
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "intel", None)]


def test_en_an_authority_that_orders_a_company_regulates_it(analyse):
    assert _facts(analyse, "en", "The FTC ordered Intel to sell its drone unit.") == [
        ("regulation", "ftc", "intel", None)
    ]


def test_en_a_company_that_asks_another_regulates_nothing(analyse):
    assert [f[0] for f in _facts(analyse, "en", "Intel asked Nvidia to sell its stake.")] != ["regulation"]


def test_it_a_fact_word_that_complements_a_noun_does_not_make_the_fact(analyse):
    text = (
        "La FTC ha esercitato i suoi poteri sull'acquisizione di Oracle, imponendo a Intel di mantenere "
        "i 600 dipendenti."
    )
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "intel", "600 dipendenti")]


def test_en_a_closing_attribution_is_not_an_announcement(analyse):
    text = "Intel reported revenue of $10 billion. Demand rose to $2 billion, the company said."
    assert _facts(analyse, "en", text)[1][0] == "metric"


def test_it_a_possibility_is_no_fact(analyse):
    assert _facts(analyse, "it", "Intel non esclude di salire oltre il 20 per cento di Oracle.") == []


def test_en_a_sum_of_money_said_again_is_no_second_fact(analyse):
    text = "Nvidia will invest $5 billion in Intel. Intel will spend the $5 billion investment on new plants."
    assert len(_facts(analyse, "en", text)) == 1


def test_it_a_stake_and_its_price_have_the_same_parties(analyse):
    text = "SoftBank ha acquistato da Oracle il 9% di Intel per 450 milioni di euro."
    assert [f[:3] for f in _facts(analyse, "it", text)] == [
        ("acquisition", "softbank", "intel"),
        ("investment", "softbank", "intel"),
    ]


# --- clauses --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Le azioni di Intel sono salite del 5%, mentre Nvidia ha guadagnato il 2%."),
        ("en", "Intel shares rose 5%, while Nvidia gained 2%."),
    ],
)
def test_a_second_clause_with_a_figure_says_the_same_kind_of_thing(analyse, language, text):
    assert [(f[0], f[1]) for f in _facts(analyse, language, text)] == [
        ("stock", "intel"),
        ("stock", "nvidia"),
    ]


def test_it_a_conjunction_before_a_plan_word_starts_a_clause(analyse):
    text = "Intel ha consegnato 13.752 chip nel 2025 e prevede di superare quota 14.000 quest'anno."
    assert [(f[0], f[1]) for f in _facts(analyse, "it", text)] == [("metric", "intel"), ("plan", "intel")]


def test_en_a_conjunction_before_a_new_subject_starts_a_clause(analyse):
    text = "Intel will cut 2,000 jobs in Italy and Oracle plans to hire 500 engineers."
    assert [(f[0], f[1], f[3]) for f in _facts(analyse, "en", text)] == [
        ("plan", "intel", "2,000 jobs"),
        ("plan", "oracle", "500 engineers"),
    ]


def test_en_a_conjunction_between_two_subjects_keeps_one_clause(analyse):
    assert _facts(analyse, "en", "Nvidia and OpenAI signed an agreement.") == [
        ("partnership", "nvidia", "openai", None)
    ]


def test_en_a_figure_in_a_relative_clause_is_not_the_main_facts(analyse):
    text = "Oracle, which employs 160,000 people, plans to open 12 new offices in Italy by 2027."
    assert _facts(analyse, "en", text) == [("plan", "oracle", None, "12 new offices")]


def test_en_money_raised_from_an_investor_is_an_investment(analyse):
    text = "OpenAI raised $40 billion in a funding round led by SoftBank."
    assert _facts(analyse, "en", text) == [("investment", "softbank", "openai", "$40 billion")]


def test_en_raising_with_no_investor_is_no_investment(analyse):
    assert "investment" not in [f[0] for f in _facts(analyse, "en", "Oracle raised prices by 10%.")]


def test_en_a_plan_word_that_makes_the_fact_makes_it_planned(analyse):
    analysis = analyse("en", "Oracle plans to open 12 new offices.", "2026-05-05")
    assert analysis.facts[0].status == "planned"


# --- kinds, roles and figures read from the structure -----------------------------------------------------


def test_it_a_stake_of_no_company_is_a_share_of_a_market(analyse):
    text = "Nel mercato dei chip Intel ha raggiunto una quota del 14,2 per cento."
    assert _facts(analyse, "it", text) == [("market_share", "intel", None, "14,2 per cento")]


def test_it_a_share_runs_on_into_the_next_sentence(analyse):
    text = "Intel ha una quota del 60 per cento. Nvidia è scesa all'11 per cento."
    assert [f[:2] for f in _facts(analyse, "it", text)] == [
        ("market_share", "intel"),
        ("market_share", "nvidia"),
    ]


def test_it_a_stake_runs_on_with_its_company(analyse):
    text = "Nvidia ha comprato il 9,5 per cento di Intel. La società potrebbe salire fino al 20 per cento."
    assert _facts(analyse, "it", text)[-1][:3] == ("acquisition", "nvidia", "intel")


def test_it_the_words_of_a_figure_are_no_cue(analyse):
    text = "Intel ha una quota del 60 per cento. Nvidia resta seconda con il 21 per cento."
    assert _facts(analyse, "it", text)[-1][:2] == ("market_share", "nvidia")


def test_en_a_forecast_of_money_is_an_expected_measure(analyse):
    analysis = analyse("en", "Intel expects revenue of $12 billion in 2026.", "2026-05-05")
    fact = analysis.facts[0]
    assert (fact.kind, fact.status) == ("metric", "expected")


def test_en_a_plan_word_with_a_verb_is_a_plan(analyse):
    assert (
        _facts(analyse, "en", "Oracle plans to raise as much as $2 billion for a new fund.")[0][0] == "plan"
    )


def test_it_a_denied_fact_word_is_no_fact_of_its_kind(analyse):
    text = "Intel ha comunicato che non rinnoverà il contratto con Oracle."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["announcement"]


def test_en_the_regulator_is_the_authority_named_before(analyse):
    text = "The FTC opened an inquiry into Oracle. The regulator ordered Intel to pay $31 million."
    assert _facts(analyse, "en", text)[-1][:3] == ("regulation", "ftc", "intel")


def test_en_the_company_is_never_an_authority(analyse):
    text = "The FTC cleared the deal. The company will invest $5 billion in OpenAI."
    assert all(f[1] != "ftc" for f in _facts(analyse, "en", text)[1:])


def test_en_an_active_appointment_names_its_subject_as_employer(analyse):
    text = "Oracle has hired Sam Altman, a former Intel executive, as its chief operating officer."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "sam-altman", "oracle")


def test_en_a_passive_appointment_names_the_body_after_it(analyse):
    text = "Sam Altman, a former adviser at Intel, has been named chief executive of Oracle."
    assert _facts(analyse, "en", text)[0][:3] == ("appointment", "sam-altman", "oracle")


def test_it_a_measure_has_no_object(analyse):
    text = "Oggi Intel impiega 850 dipendenti e conta tra i clienti il gruppo Oracle."
    assert _facts(analyse, "it", text)[0][:3] == ("metric", "intel", None)


def test_en_a_quote_is_no_announcement(analyse):
    text = "“Nobody knows what tariffs will look like,” said Sam Altman, who advises Intel."
    assert _facts(analyse, "en", text) == []


def test_it_an_investor_named_after_an_amount_leads_a_capital_increase(analyse):
    text = "Intel ha chiuso un aumento di capitale da 12 milioni di euro guidato dal fondo SoftBank."
    assert _facts(analyse, "it", text)[0][:3] == ("investment", "softbank", "intel")


def test_en_a_price_per_share_is_no_sum_of_a_deal(analyse):
    text = "Nvidia will invest in Intel, paying $23.28 a share."
    assert all(f[3] != "$23.28" for f in _facts(analyse, "en", text))


def test_it_the_source_of_a_view_is_no_actor(analyse):
    text = "Secondo Sam Altman, consulente di Oracle, il mercato dei chip crescerà del 20 per cento."
    assert _facts(analyse, "it", text) == []


def test_it_a_price_alone_is_no_measure(analyse):
    text = "Intel ha presentato un chip. Il prezzo parte da 900 euro al mese."
    assert [f[0] for f in _facts(analyse, "it", text)] == ["launch"]


def test_en_a_partnership_needs_a_partner(analyse):
    text = "Intel signed an agreement with Oracle. The agreement covers about 400,000 devices."
    assert [f[0] for f in _facts(analyse, "en", text)] == ["partnership"]


def test_it_a_conjunction_between_two_names_cuts_no_clause(analyse):
    text = "È stato firmato ieri l'accordo tra Intel e Oracle per sviluppare insieme i processori."
    assert _facts(analyse, "it", text) == [("partnership", "intel", "oracle", None)]


def test_en_a_place_may_stand_in_a_company_noun_phrase(analyse):
    text = "Oracle opened an office. The Hong Kong chipmaker lost $37 million in 2025."
    assert [f[:2] for f in _facts(analyse, "en", text)] == [("metric", "oracle")]


def test_en_a_clause_that_goes_on_keeps_its_subject(analyse):
    text = "Oracle lost $37 million in 2025 but expects to break even next year."
    assert [f[:2] for f in _facts(analyse, "en", text)] == [("metric", "oracle"), ("plan", "oracle")]


def test_it_a_product_is_what_is_launched(analyse):
    from generator.analyse.pipeline import analyse_text, build_nlp

    registry = [
        Entity(id="sorrel", name="Sorrel Motors", kind="company"),
        Entity(id="vento", name="Vento", kind="product"),
    ]
    text = "È stato lanciato ieri il Vento, il primo suv compatto di Sorrel Motors."
    analysis = analyse_text(build_nlp("it", registry), text, "2026-05-05")
    assert [(f.kind, f.subject, f.object) for f in analysis.facts] == [("launch", "sorrel", "vento")]


def test_it_a_plan_without_a_figure_or_a_date_is_no_fact(analyse):
    assert _facts(analyse, "it", "Intel conferma gli obiettivi dell'anno.") == []


def test_it_the_deal_after_the_verb_is_the_buyers(analyse):
    text = (
        "Nvidia investirà 5 miliardi di dollari in Intel. La FTC ha approvato l'operazione senza condizioni."
    )
    assert _facts(analyse, "it", text)[-1][:3] == ("regulation", "ftc", "nvidia")


def test_it_going_public_next_year_is_a_plan(analyse):
    text = (
        "Intel ha chiuso il 2025 con ricavi per 50 miliardi. La società potrebbe quotarsi il prossimo anno."
    )
    assert _facts(analyse, "it", text)[-1][:3] == ("plan", "intel", None)


# --- clause structure: the nearest name to the left, prepositional phrases, relative clauses -----------


def test_en_a_name_inside_a_prepositional_phrase_is_not_the_subject(analyse):
    text = "Backed by SoftBank, Nvidia invested $2 billion in Intel."
    assert _facts(analyse, "en", text) == [("investment", "nvidia", "intel", "$2 billion")]


def test_it_a_name_inside_a_prepositional_phrase_is_not_the_subject(analyse):
    text = "Sostenuta da SoftBank, Nvidia ha investito 2 miliardi di dollari in Intel."
    assert _facts(analyse, "it", text) == [("investment", "nvidia", "intel", "2 miliardi di dollari")]


def test_en_a_fact_noun_inside_a_prepositional_phrase_belongs_to_the_clauses_subject(analyse):
    text = "Nvidia will supply Intel with chips under a five-year agreement."
    assert _facts(analyse, "en", text) == [("partnership", "nvidia", "intel", None)]


def test_en_names_joined_by_and_give_the_first_as_subject(analyse):
    text = "After the chip shortage, Nvidia and Oracle signed an agreement."
    assert _facts(analyse, "en", text)[0][:3] == ("partnership", "nvidia", "oracle")


def test_en_a_stake_inside_a_relative_clause_is_not_the_main_deal(analyse):
    text = "SoftBank, which owns 10% of Oracle, invested $2 billion in Intel."
    assert _facts(analyse, "en", text) == [("investment", "softbank", "intel", "$2 billion")]


def test_it_a_stake_inside_a_relative_clause_is_not_the_main_deal(analyse):
    text = "SoftBank, che possiede il 10% di Oracle, ha investito 2 miliardi di euro in Intel."
    assert _facts(analyse, "it", text) == [("investment", "softbank", "intel", "2 miliardi di euro")]


def test_it_a_relative_clause_that_ends_the_sentence_states_its_own_stake(analyse):
    text = "Il resto è arrivato da SoftBank, che sale così al 12 per cento di Intel."
    assert ("acquisition", "softbank", "intel", "12 per cento") in _facts(analyse, "it", text)


# --- gold conventions: appeals, refusals, investors without an investment verb, governments by seat ----


def test_en_saying_it_will_appeal_is_no_fact_even_with_a_date(analyse):
    text = "The FTC fined Intel $5 million on Monday. On Tuesday Intel said it would appeal."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "intel", "$5 million")]


def test_it_announcing_an_appeal_is_no_fact_even_with_a_date(analyse):
    text = "La FTC ha multato Intel per 5 milioni di dollari. Il 3 marzo Intel ha annunciato ricorso."
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "intel", "5 milioni di dollari")]


def test_en_an_authority_that_declines_to_approve_rules_on_the_company(analyse):
    text = "The FTC declined to approve Intel's new chip."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "intel", None)]


def test_it_an_authority_that_rejects_a_plan_rules_on_the_company(analyse):
    assert _facts(analyse, "it", "La FTC ha respinto il piano di Intel.") == [
        ("regulation", "ftc", "intel", None)
    ]


def test_en_a_company_that_rejects_an_offer_is_no_regulation(analyse):
    assert all(f[0] != "regulation" for f in _facts(analyse, "en", "Intel rejected the offer from Nvidia."))


def test_it_investors_who_take_part_in_the_round_invest_in_its_company(analyse):
    text = (
        "Intel ha raccolto 300 milioni di euro in un round guidato da Nvidia. "
        "Al round hanno partecipato anche SoftBank e Oracle."
    )
    assert _facts(analyse, "it", text)[1:] == [
        ("investment", "softbank", "intel", None),
        ("investment", "oracle", "intel", None),
    ]


def test_en_investors_who_only_take_part_in_the_round_make_no_fact(analyse):
    # English gold convention b: the round is its lead investors'; a backer taking part is no fact
    text = "Intel raised $300 million in a round led by Nvidia. SoftBank and Oracle also took part."
    assert _facts(analyse, "en", text) == [("investment", "nvidia", "intel", "$300 million")]


def test_en_a_deal_word_after_a_persons_pronoun_is_no_deal_of_the_company(analyse):
    text = "Intel named Jane Roe chief executive. She takes over a company whose market share fell to 9%."
    assert all(f[0] != "acquisition" for f in _facts(analyse, "en", text))


def test_en_reports_dismissed_state_no_fact(analyse):
    text = "The chief executive of Intel spoke in Milan on Monday, dismissing reports of a bid."
    assert _facts(analyse, "en", text) == []


def test_en_speculation_dismissed_states_no_fact(analyse):
    text = "A spokesman for Intel on Monday dismissed speculation about a bid from a rival."
    assert _facts(analyse, "en", text) == []


GOVERNMENTS = [
    Entity(id="us-government", name="US government", kind="organization"),
    Entity(
        id="italian-government",
        name="Italian government",
        kind="organization",
        aliases={"it": ["governo italiano"]},
    ),
    Entity(id="intel", name="Intel", kind="company"),
]


def _government_facts(language: str, text: str):
    from generator.analyse.pipeline import analyse_text, build_nlp

    analysis = analyse_text(build_nlp(language, GOVERNMENTS), text, "2026-05-05")
    return [(f.kind, f.subject, f.object) for f in analysis.facts]


def test_en_a_capital_that_acts_is_its_government(analyse):
    text = "Washington bought a 10% stake in Intel."
    assert _government_facts("en", text) == [("acquisition", "us-government", "intel")]


def test_it_the_government_of_a_capital_is_the_registry_government(analyse):
    text = "Il governo di Roma ha acquistato il 10% di Intel."
    assert _government_facts("it", text) == [("acquisition", "italian-government", "intel")]


def test_en_a_capital_after_a_preposition_is_a_place(analyse):
    text = "Intel opened a plant near Washington for $2 billion."
    assert all(f[1] != "us-government" and f[2] != "us-government" for f in _government_facts("en", text))


# --- subordinate clauses, agents named in a list ---------------------------------------------------------


def test_en_a_subordinate_clause_with_a_new_subject_states_its_own_deal(analyse):
    text = "Shares of Intel jumped 8% after Nvidia agreed to buy a 4% stake in the company for $5 billion."
    assert _facts(analyse, "en", text) == [
        ("stock", "intel", None, "8%"),
        ("acquisition", "nvidia", "intel", "4%"),
        ("investment", "nvidia", "intel", "$5 billion"),
    ]


def test_it_a_subordinate_clause_with_a_new_subject_states_its_own_deal(analyse):
    text = (
        "Le azioni di Intel sono salite dell'8% dopo che Nvidia ha annunciato l'acquisto del 4% della "
        "società."
    )
    assert _facts(analyse, "it", text) == [
        ("stock", "intel", None, "8%"),
        ("acquisition", "nvidia", "intel", "4%"),
    ]


def test_en_the_reason_given_for_a_move_is_no_announcement(analyse):
    text = "Shares of Intel fell 6% on Monday after the FTC announced an inquiry into the chip market."
    assert [f[0] for f in _facts(analyse, "en", text)] == ["stock"]


def test_it_investors_listed_after_the_agent_word_are_the_investors(analyse):
    text = "OpenAI sta raccogliendo 6 miliardi di dollari da investitori tra cui SoftBank e Nvidia."
    assert _facts(analyse, "it", text) == [
        ("investment", "softbank", "openai", "6 miliardi di dollari"),
        ("investment", "nvidia", "openai", "6 miliardi di dollari"),
    ]


def test_en_investors_listed_after_the_agent_word_are_the_investors(analyse):
    text = "OpenAI is raising $6 billion from a group of investors including SoftBank and Nvidia."
    assert _facts(analyse, "en", text)[0] == ("investment", "softbank", "openai", "$6 billion")


def test_it_a_post_given_to_a_person_is_an_appointment(analyse):
    text = "Intel ha affidato a Jensen Huang la guida del gruppo."
    assert _facts(analyse, "it", text) == [("appointment", "jensen-huang", "intel", None)]


def test_it_a_post_left_is_an_appointment(analyse):
    text = "Sam Altman lascerà la presidenza di Oracle a fine anno."
    assert _facts(analyse, "it", text) == [("appointment", "sam-altman", "oracle", None)]


def test_en_an_inquiry_into_a_company_by_a_regulator_the_registry_lacks_is_no_fact(analyse):
    assert _facts(analyse, "en", "The US antitrust regulator opened an inquiry into Nvidia.") == []


def test_it_an_inquiry_into_a_company_by_a_regulator_the_registry_lacks_is_no_fact(analyse):
    assert _facts(analyse, "it", "L'autorità antitrust americana ha aperto un'indagine su Nvidia.") == []


def test_en_a_board_that_approves_a_buy_back_announces_it(analyse):
    text = "Oracle's board approved a plan to buy back up to $10 billion of its shares."
    assert _facts(analyse, "en", text) == [("announcement", "oracle", None, "up to $10 billion")]


def test_it_a_board_that_approves_a_buy_back_announces_it(analyse):
    text = (
        "Il consiglio di Oracle ha approvato un piano di riacquisto di azioni proprie fino a 10 miliardi "
        "di dollari."
    )
    assert _facts(analyse, "it", text) == [("announcement", "oracle", None, "fino a 10 miliardi di dollari")]


NATIONAL = [
    Entity(id="agcm", name="AGCM", kind="organization", aliases={"en": ["Italian competition authority"]}),
    Entity(id="italian-government", name="Italian government", kind="organization"),
    Entity(id="intel", name="Intel", kind="company"),
    Entity(id="oracle", name="Oracle", kind="company"),
    Entity(id="jensen-huang", name="Jensen Huang", kind="person"),
]


def _national_facts(text: str):
    from generator.analyse.pipeline import analyse_text, build_nlp

    analysis = analyse_text(build_nlp("en", NATIONAL), text, "2026-05-05")
    return [(f.kind, f.subject, f.object) for f in analysis.facts]


def test_en_a_countrys_possessive_names_the_body_of_its_adjective():
    text = "Intel has been fined €48 million by Italy's competition authority."
    assert _national_facts(text) == [("regulation", "agcm", "intel")]


def test_en_a_government_that_picks_a_head_is_not_the_employer():
    text = "Italy's government has picked Jensen Huang, the head of Intel, to lead Oracle."
    assert _national_facts(text) == [("appointment", "jensen-huang", "oracle")]


# --- relative clauses that end the sentence, nouns carried by a verb, partners in order ------------------


def test_en_a_closing_relative_clause_with_a_deal_states_it_for_the_name_before(analyse):
    text = "Intel signed a deal with SoftBank, which will invest $2 billion in the chipmaker."
    assert _facts(analyse, "en", text) == [
        ("partnership", "intel", "softbank", None),
        ("investment", "softbank", "intel", "$2 billion"),
    ]


def test_it_a_closing_relative_clause_with_a_deal_states_it_for_the_name_before(analyse):
    text = "Intel ha firmato un accordo con SoftBank, che investirà 2 miliardi di dollari nel gruppo."
    assert _facts(analyse, "it", text)[1] == ("investment", "softbank", "intel", "2 miliardi di dollari")


def test_it_a_closing_relative_clause_speaks_of_the_company_named_first(analyse):
    text = "Intel passa sotto il controllo di SoftBank, che ne rileva il 60%."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "intel", "60%")]


def test_en_a_closing_relative_clause_that_describes_is_no_clause_of_its_own(analyse):
    text = "Intel posted a profit of $2 billion, which would hand half of the money back to shareholders."
    assert [f[0] for f in _facts(analyse, "en", text)] == ["metric"]


def test_it_a_takeover_bid_launched_is_a_purchase(analyse):
    text = "SoftBank ha lanciato un'opa da 10 miliardi di euro su Intel."
    assert _facts(analyse, "it", text) == [("acquisition", "softbank", "intel", "10 miliardi di euro")]


def test_en_a_tender_offer_launched_is_a_purchase(analyse):
    text = "SoftBank launched a $10 billion tender offer for Intel."
    assert _facts(analyse, "en", text) == [("acquisition", "softbank", "intel", "$10 billion")]


def test_it_partners_are_named_in_the_order_of_the_text_even_in_the_passive(analyse):
    text = "Intel si è aggiudicata una commessa da 500 milioni di euro da Oracle."
    assert _facts(analyse, "it", text) == [("partnership", "intel", "oracle", "500 milioni di euro")]


def test_en_a_percentage_bought_is_the_stake_of_the_purchase(analyse):
    assert _facts(analyse, "en", "SoftBank bought 60% of Intel last year.") == [
        ("acquisition", "softbank", "intel", "60%")
    ]


def test_en_a_stake_sold_to_nobody_named_is_nobodys_purchase(analyse):
    assert (
        _facts(analyse, "en", "Intel said on Thursday it had completed the sale of its stake in Oracle.")
        == []
    )


def test_en_a_stake_sold_to_a_buyer_is_the_buyers_purchase(analyse):
    text = "The sale of Intel's 10% stake in Oracle to SoftBank closed on Monday."
    assert _facts(analyse, "en", text) == [("acquisition", "softbank", "oracle", "10%")]


def test_en_a_measure_word_after_a_word_that_makes_no_fact_makes_it(analyse):
    assert _facts(analyse, "en", "Intel's market capitalisation fell below $100 billion.") == [
        ("metric", "intel", None, "below $100 billion")
    ]


def test_it_a_second_verb_of_a_deal_after_e_is_a_clause_of_its_own(analyse):
    text = "SoftBank ha rilevato il 20% di Intel e ha poi investito 2 miliardi di dollari in OpenAI."
    assert _facts(analyse, "it", text) == [
        ("acquisition", "softbank", "intel", "20%"),
        ("investment", "softbank", "openai", "2 miliardi di dollari"),
    ]


def test_en_a_second_verb_of_a_deal_after_a_comma_is_a_clause_of_its_own(analyse):
    text = (
        "SoftBank bought a 20% stake in Intel, sold its shares in Nvidia to Oracle and invested $2 billion "
        "in OpenAI."
    )
    facts = _facts(analyse, "en", text)
    assert facts[0] == ("acquisition", "softbank", "intel", "20%")
    assert facts[-1] == ("investment", "softbank", "openai", "$2 billion")


def test_it_a_gerund_after_a_comma_tells_how_the_same_deal_is_done(analyse):
    text = "Nvidia investirà 5 miliardi di dollari in Intel, acquistando azioni ordinarie a 23 dollari l'una."
    assert _facts(analyse, "it", text) == [("investment", "nvidia", "intel", "5 miliardi di dollari")]


def test_it_a_deal_word_after_a_persons_pronoun_is_no_deal_of_the_company(analyse):
    text = (
        "Intel ha nominato Jane Roe amministratore delegato. "
        "Lei rileva una società la cui quota di mercato è scesa al 9%."
    )
    assert all(f[0] != "acquisition" for f in _facts(analyse, "it", text))


def test_it_reports_denied_state_no_fact(analyse):
    text = "Il presidente di Intel ha parlato lunedì a Milano, smentendo le voci di un'offerta di acquisto."
    assert _facts(analyse, "it", text) == []


def test_it_who_takes_part_after_a_phrase_naming_the_round_invests(analyse):
    text = (
        "Nvidia ha guidato un round da 300 milioni di euro in Intel. "
        "Al finanziamento hanno partecipato anche SoftBank e Oracle."
    )
    assert _facts(analyse, "it", text)[1:] == [
        ("investment", "softbank", "intel", None),
        ("investment", "oracle", "intel", None),
    ]


PRODUCTS = [
    Entity(id="intel", name="Intel", kind="company"),
    Entity(id="intel-aurora", name="Aurora", kind="product"),
]


def _product_facts(language: str, text: str):
    from generator.analyse.pipeline import analyse_text, build_nlp

    analysis = analyse_text(build_nlp(language, PRODUCTS), text, "2026-05-05")
    return [(f.kind, f.subject, f.object) for f in analysis.facts]


def test_it_a_launch_in_the_future_tense_is_a_launch_of_its_product():
    text = "Intel lancerà a settembre Aurora, un abbonamento per le famiglie a 9 euro al mese."
    assert _product_facts("it", text) == [("launch", "intel", "intel-aurora")]


def test_it_a_government_s_veto_on_a_deal_rules_on_its_company():
    text = "Il governo italiano ha posto il veto alla vendita della divisione chip di Intel."
    assert _government_facts("it", text) == [("regulation", "italian-government", "intel")]


def test_en_a_government_s_veto_on_a_deal_rules_on_its_company():
    text = "The US government vetoed the sale of Intel's chip division."
    assert _government_facts("en", text) == [("regulation", "us-government", "intel")]


def test_it_a_company_named_after_a_comma_owns_no_part_of_the_share_before(analyse):
    text = "Nel mercato europeo dei chip Intel ha raggiunto una quota del 20 per cento, superando Nvidia."
    assert _facts(analyse, "it", text) == [("market_share", "intel", None, "20 per cento")]


# --- batch C of the paraphrases: money received, companies passed on, stakes paid for, replies to rulings ---


def test_en_money_a_company_is_getting_from_an_investor_is_the_investors(analyse):
    text = "Intel is getting $600 million from SoftBank to build a plant."
    assert _facts(analyse, "en", text) == [("investment", "softbank", "intel", "$600 million")]


def test_it_a_company_that_passes_to_a_buyer_is_bought_by_it(analyse):
    text = "Oracle è passata a Intel per 130 milioni di euro."
    assert _facts(analyse, "it", text) == [("acquisition", "intel", "oracle", "130 milioni di euro")]


def test_it_a_change_of_hands_before_the_buyer_named_is_no_sale_without_buyer(analyse):
    text = "Passa di mano Oracle: la società è stata rilevata da Intel per 310 milioni di euro."
    assert _facts(analyse, "it", text) == [("acquisition", "intel", "oracle", "310 milioni di euro")]


def test_en_the_sum_paid_for_the_shares_of_a_stake_just_bought_is_its_price(analyse):
    text = "SoftBank has acquired a 12% stake in Intel. The fund paid $520 million for the shares."
    assert _facts(analyse, "en", text)[1] == ("investment", "softbank", "intel", "$520 million")


def test_it_the_sum_paid_for_a_stake_just_bought_is_its_price(analyse):
    text = "SoftBank ha comprato il 20% di Intel. Per la quota SoftBank ha pagato 48 milioni di euro."
    assert _facts(analyse, "it", text)[1] == ("investment", "softbank", "intel", "48 milioni di euro")


def test_en_accepting_a_regulators_findings_is_no_fact(analyse):
    text = "The FTC fined Intel $5 million. The chipmaker said it accepted the findings."
    assert _facts(analyse, "en", text) == [("regulation", "ftc", "intel", "$5 million")]


def test_it_an_appeal_to_be_lodged_is_no_launch(analyse):
    text = (
        "La FTC ha multato Intel per 5 milioni di dollari. Intel ha annunciato che presenterà ricorso al Tar."
    )
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "intel", "5 milioni di dollari")]


def test_it_working_with_the_authority_is_no_partnership(analyse):
    text = "La FTC ha multato Intel per 5 milioni di dollari. Intel vuole collaborare con l'autorità."
    assert _facts(analyse, "it", text) == [("regulation", "ftc", "intel", "5 milioni di dollari")]


def test_en_a_count_a_company_said_it_would_cut_is_a_plan(analyse):
    assert _facts(analyse, "en", "Intel said it would cut 400 jobs in Oregon.") == [
        ("plan", "intel", None, "400 jobs")
    ]


def test_it_a_company_won_is_bought(analyse):
    text = "Intel si è aggiudicata Oracle per 2 miliardi di euro."
    assert _facts(analyse, "it", text) == [("acquisition", "intel", "oracle", "2 miliardi di euro")]


def test_it_a_tender_won_is_nothing_bought(analyse):
    assert _facts(analyse, "it", "Intel si è aggiudicata la gara per la rete di Milano.") == []


def test_it_a_deed_announced_is_a_fact_without_a_date(analyse):
    text = "Intel ha comunicato la scoperta di un giacimento di gas in Egitto."
    assert _facts(analyse, "it", text) == [("announcement", "intel", None, None)]


def test_en_a_clause_said_without_a_date_is_no_announcement(analyse):
    assert _facts(analyse, "en", "Intel said the money would go to its factories in Ohio.") == []


def test_it_a_count_of_products_to_be_launched_with_none_named_is_a_plan(analyse):
    text = "Intel lancerà dieci nuovi modelli prodotti in Italia."
    assert _facts(analyse, "it", text) == [("plan", "intel", None, "dieci nuovi modelli")]


def test_en_a_product_s_sales_have_the_product_as_subject():
    text = "Intel's Aurora chips have sold 150,000 units since March."
    assert _product_facts("en", text) == [("metric", "intel-aurora", None)]


def test_en_a_product_referred_to_as_it_is_still_what_is_launched():
    text = "The Aurora will cost €1,299 when it goes on sale in September, Intel said."
    assert _product_facts("en", text) == [("launch", "intel", "intel-aurora")]
