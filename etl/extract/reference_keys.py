"""Which keys of the reference files the extractor reads, so that a refresh can name those it does not."""

from __future__ import annotations

from typing import Any

# The cue groups of cues.yml the extractor reads, and the top-level keys of the other files. A key not
# listed here is read by nothing: a refresh says so, since an analyst who edits it expects an effect.
CUE_GROUPS = frozenset(
    {
        "supplier_verbs",
        "recipient_verbs",
        "transfer_nouns",
        "demand_nouns",
        "recipient_nouns",
        "to_markers",
        "from_markers",
        "title_words",
        "prohibition_cues",
        "breach_words",
        "reporting_verbs",
        "source_markers",
        "target_markers",
        "visit_cues",
        "visitor_markers",
        "host_cues",
        "agreement_cues",
        "agreement_acts",
        "agreement_fields",
        "statement_cues",
        "speech_verbs",
        "third_party_cues",
        "sanctions_action_cues",
        "designee_nouns",
        "vote_phrases",
        "state_compounds",
        "status_cues",
        "status_idioms",
        "negations",
        "hypothetical_cues",
        "dyad_phrases",
        "dyad_between",
        "core_actors",
        "third_parties",
        "support_link_states",
        "vague_support",
        "passive_auxiliaries",
        "present_auxiliaries",
        "newsroom_names",
        "determiners",
        "supplier_compounds",
        "origin_compounds",
        "quantity_hedges",
        "clause_conjunctions",
        "position_cues",
        "denial_cues",
        "denial_verbs",
        "general_addressees",
        "speaker_nouns",
        "accusation_cues",
        "demand_cues",
        "cooperation_nouns",
        "own_programme_cues",
        "war_cues",
        "object_markers",
        "call_cues",
        "first_person",
        "attack_targets",
        "resolution_cues",
        "resolution_body",
        "action_nouns",
        "passive_bodies",
        "regime_targets",
        "byline_openers",
        "origin_markers",
        "coreference_phrases",
        "confidence_evidence",
        "target_attackers",
        "exchange_markers",
        "report_events",
        "use_verbs",
        "summit_words",
        "reported_future",
        "litotes",
        "goods_compound_heads",
        "anaphoric_determiners",
        "dignitaries",
        "meeting_owners",
        "troop_training_words",
        "third_party_support_nouns",
        "third_party_support_verbs",
        "help_verbs",
        "making_verbs",
        "relative_pronouns",
        "purpose_markers",
        "definite_determiners",
        "attempt_cues",
        "speech_addressees",
        "single_events",
        "publishing_verbs",
        "equipping_verbs",
        "sponsor_participles",
        "measure_nouns",
        "measure_participles",
        "non_transfer_particles",
        "capability_markers",
        "aid_words",
        "fronted_subordinators",
        "subject_pronouns",
        "fielding_verbs",
        "pledge_cues",
        "text_nouns",
        "content_participles",
        "agenda_phrases",
    }
)
_FILE_KEYS = {
    "actors.yml": {"actors", "publisher_aliases"},
    "goods.yml": {"goods_classes", "quantity_units"},
    "measures.yml": {"measures"},
    "summaries.yml": {"summaries", "category_labels"},
}


def unread_lookups(docs: dict[str, Any]) -> tuple[str, ...]:
    """Keys of the reference files that no part of the extractor reads, as "file: key"."""
    wanted = {"cues.yml": CUE_GROUPS, **_FILE_KEYS}
    return tuple(
        f"{name}: {key}"
        for name, keys in wanted.items()
        if isinstance(docs.get(name), dict)
        for key in docs[name]
        if key not in keys
    )
