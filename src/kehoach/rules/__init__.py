"""The registry of plan rules: explicit and immutable, in the order they are reported."""

from kehoach.rules import budget, deadlines, document, references, structure, tables, text
from kehoach.rules.base import Context, Problem, Rule, run_rules

RULES: tuple[Rule, ...] = (
    budget.lines_sum_to_total,
    budget.line_sources_sum_to_line,
    budget.words_match_total,
    budget.lines_refer_to_plan,
    budget.amounts_positive,
    budget.sources_known,
    budget.by_source_sums_to_total,
    budget.source_columns_sum_to_by_source,
    budget.of_which_is_partial,
    budget.of_which_is_not_the_whole,
    budget.budget_has_shape,
    deadlines.deadline_within_year,
    deadlines.deadline_not_before_issue,
    deadlines.tracked_work_has_deadline,
    references.units_exist,
    references.ids_unique,
    references.projects_exist,
    references.projects_under_parent,
    references.sections_place_every_part,
    references.projects_need_programme,
    document.issuer_code_format,
    document.date_fits_year,
    document.signer_matches_issuer,
    document.has_recipients,
    document.document_dated,
    document.bases_begin_with_can_cu,
    document.recipients_begin_with_a_capital,
    structure.header_lines_spell_the_name,
    structure.header_lines_fit_the_column,
    structure.summary_breaks_between_phrases,
    structure.issuer_code_without_kind,
    structure.place_is_a_name,
    structure.signer_name_without_titles,
    structure.plan_within_programme,
    structure.numbering_not_too_deep,
    text.years_of_the_plan,
    text.sentences_kept_whole,
    text.emphasis_closed,
    tables.rows_as_wide_as_the_header,
    tables.money_columns_hold_amounts,
)

__all__ = ["RULES", "Context", "Problem", "Rule", "run_rules"]
