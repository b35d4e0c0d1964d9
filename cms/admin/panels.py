"""Edit forms of the Monitor's snippets: tabs of panels, widgets per relation.

Small taxonomies are checkboxes; the large relations (countries,
recommendations, users) use ``AutocompleteSelectMultiple`` so an edit page never
renders thousands of options. Foreign keys to registered snippets get Wagtail's
snippet chooser automatically, and ``document`` the document chooser.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)

from workflows.roles import ASSESSOR

from .alignment import AlignmentPanel
from .autocomplete import COUNTRIES, RECOMMENDATIONS
from .document_chooser import ReportDocumentChooser
from .feedback import FeedbackPanel
from .forms import ProgressReportForm, ScopedContentForm
from .smart import SmartAssessmentForm, smart_assessment_panel
from .un_reports import ResponseWordCountPanel
from .users import AgencyMembersPanel
from .widgets import AutocompleteSelectMultiple, DescribedCheckboxSelectMultiple


def checkboxes(field_name, **kwargs):
    return FieldPanel(field_name, widget=DescribedCheckboxSelectMultiple, **kwargs)


def autocomplete(field_name, source, **kwargs):
    return FieldPanel(field_name, widget=AutocompleteSelectMultiple(source), **kwargs)


# Agency scoping: an item saved in the admin stays in its editor's scope.
SCOPED_FORM = ScopedContentForm
# SMART letters and an action's status take the assessor's right
# (workflows.roles.ASSESSOR); contributors only propose a status in a report.


def tabs(content, classification=None, links=None, *, smart=False):
    """The Content / Classification / Links tabs shared by the content forms.

    ``smart`` adds the "SMART assessment" tab (and its form's "met" boxes).
    """
    children = [ObjectList(content, heading=_("Content"))]
    if classification:
        children.append(ObjectList(classification, heading=_("Classification")))
    if smart:
        children.append(
            ObjectList([smart_assessment_panel()], heading=_("SMART assessment"))
        )
    if links:
        children.append(ObjectList(links, heading=_("Links")))
    return TabbedInterface(
        children, base_form_class=SmartAssessmentForm if smart else SCOPED_FORM
    )


agency_panels = [
    FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
    FieldPanel("email"),
    AgencyMembersPanel(heading=_("Members")),
]

smart_criterion_panels = [
    FieldRowPanel([FieldPanel("letter"), FieldPanel("name")]),
    FieldPanel("definition"),
    FieldPanel("sort_order"),
]

recommendation_edit_handler = tabs(
    content=[
        FieldPanel("cycle"),
        FieldPanel("reference"),
        FieldPanel("title"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("upr_response"),
                FieldPanel("response_comment"),
                ResponseWordCountPanel(),
            ],
            heading=_("UPR response"),
        ),
        FieldPanel("prioritised"),
        MultiFieldPanel(
            [FieldPanel("follow_up"), FieldPanel("follow_up_grade")],
            heading=_("Treaty-body follow-up"),
        ),
        MultiFieldPanel(
            [FieldPanel("no_action_reason"), FieldPanel("revisit_on")],
            heading=_("No action proposed"),
        ),
    ],
    classification=[
        autocomplete("recommending_states", COUNTRIES),
        checkboxes("issues"),
        checkboxes("affected_groups"),
        checkboxes("sdgs"),
        checkboxes("responsible_agencies"),
    ],
    links=[
        FieldRowPanel([FieldPanel("document_symbol"), FieldPanel("paragraph")]),
        FieldPanel("source_url"),
        FieldPanel("uhri_id"),
        autocomplete(
            "related_recommendations",
            RECOMMENDATIONS,
            help_text=_(
                "Recommendations of other bodies or cycles asking for the same "
                "thing; shown on both once both are published."
            ),
        ),
        MultiFieldPanel([AlignmentPanel()], heading=_("Alignment suggestions")),
    ],
)

# Civil-society feedback on the recommendation, for those who may read it.
recommendation_edit_handler.children.append(
    ObjectList([FeedbackPanel()], heading=_("Public feedback"))
)

action_edit_handler = tabs(
    content=[
        FieldPanel("reference"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("desired_outcome"),
        FieldPanel("progress_status", permission=ASSESSOR),
        FieldRowPanel([FieldPanel("target_date"), FieldPanel("target_date_comment")]),
        FieldPanel("cabinet_reference"),
        FieldPanel("pre_existing"),
    ],
    classification=[
        FieldPanel("lead_agency"),
        checkboxes("responsible_agencies"),
        checkboxes("issues"),
        checkboxes("affected_groups"),
    ],
    smart=True,
    links=[
        autocomplete(
            "recommendations",
            RECOMMENDATIONS,
            help_text=_(
                "Search by reference, cycle code or words of the text; "
                "the action responds to each chosen recommendation."
            ),
        ),
    ],
)

indicator_edit_handler = tabs(
    content=[
        FieldPanel("reference"),
        FieldPanel("action"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("kind"),
        FieldPanel("responsible_agency"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("report_every_months"),
            ],
            heading=_("Reporting schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("unit"),
                FieldRowPanel(
                    [FieldPanel("baseline_value"), FieldPanel("baseline_date")]
                ),
                FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_date")]),
            ],
            heading=_("Measure (only for an indicator that counts something)"),
        ),
    ],
    smart=True,
)

progress_report_edit_handler = TabbedInterface(
    [
        ObjectList(
            [
                FieldPanel("action"),
                FieldRowPanel([FieldPanel("indicator"), FieldPanel("due_date")]),
                FieldPanel("title"),
                FieldPanel("body"),
                FieldPanel("proposed_status"),
                FieldPanel("measured_value"),
            ],
            heading=_("Content"),
        ),
        ObjectList(
            [
                # Opens on the report's agency's collection, where uploads land.
                FieldPanel("document", widget=ReportDocumentChooser),
                FieldPanel("document_public"),
            ],
            heading=_("Document"),
        ),
    ],
    base_form_class=ProgressReportForm,
)
