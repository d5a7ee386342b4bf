"""Sample actions.csv (this edition's register) and actions_previous.csv (the previous edition's).

Constraints in, records out. The constraints are the published registers themselves, transcribed
(from the transcribed registers the team was given, copied at conversion time only) and embedded below as REGISTER:
1. the Children's Services Development Action Plan 2014-16 (source 001): all 37 actions, text as
   transcribed, RAG letters as printed (G 12, A 20, R 2, blank 3), the duplicate ref "2.1.1" kept;
   `due_date` is the first date in the "Review/ end date" cell (a month alone = its last day),
   the cell itself kept in `due_text`; `measure` is the "Targets, outputs and outcome measures" cell;
2. the children's commissioning action plan 2013-14 with year-end progress (source 004): all 33
   target rows, RAG words as printed (Green 20, Amber 8, Red 2, none 3); the plan has no refs, so
   `ref` is the transcription's task id (T01-T24) with .1, .2 ... for a task's target rows; the
   plan has no due dates except where a target names one (T20 December 2013, T23 October 2014);
   `progress` is the RAG comment then the progress cell; numeric `target`/`actual` only where the
   paper prints both numbers for the same thing (FGC families referred, foster placements recruited,
   % of children in care seen by CAMHS, adoptions: 121 against 122 although "Target achieved");
3. three rows of the Ofsted action plan (source 000, as in the April 2014 panel papers) that carry
   the papers' impossible dates: CIN audit "by 31/04/14" (002:5064) and the B&B protocol discussed
   at the "Contract meeting 31.11.13" (002:4092), typed into `due_date` as printed; the source has
   no RAG ("Completed" is its own word).
Owners are roles: each named officer is replaced by "Lead officer A".. or their role (no real person).

The previous edition (January 2014 panel) is the same register with PREVIOUS_STATUS applied,
the ADDED actions absent, the second "2.1.1" still numbered "2.1.2" (a renamed ref) and the
CLOSED_SINCE_PREVIOUS rows present. Nothing is random: the seed is accepted and unused.
"""
from __future__ import annotations

import pandas as pd

COLUMNS = ["plan", "theme", "ref", "action", "owner", "due_date", "due_text", "status", "progress",
           "measure", "target", "actual"]
DEV, COM, OFS = "Development plan 2014-16", "Commissioning plan 2013-14", "Ofsted action plan (extract)"

# (plan, ref) -> status in the previous edition, where it differs from this edition's
PREVIOUS_STATUS = {
    (DEV, "1.4.2"): "A", (DEV, "1.4.6"): "A",  # now Red: worse
    (DEV, "3.2.1"): "A",  # now Green: better
    (DEV, "2.2.1"): "A",  # now blank ("Complete" in the due column): no longer rated
    (COM, "T04"): "Amber", (COM, "T11.2"): "Amber", (COM, "T19"): "Green",  # worse
    (COM, "T10"): "Amber", (COM, "T21"): "Amber",  # better
    (COM, "T20"): "Amber",  # now "No longer an agreed action", unrated
    (OFS, "8.24"): "Amber",  # now Completed
}
ADDED = {(DEV, "3.4.1"), (DEV, "4.4.1"), (OFS, "5.2")}  # not yet in the previous register
RENAMED = {(DEV, "2.1.1", 1): "2.1.2"}  # (plan, ref, occurrence) -> ref in the previous register


def _frame(records) -> pd.DataFrame:
    df = pd.DataFrame(records)
    return df[COLUMNS].fillna("").astype(str)


def current() -> pd.DataFrame:
    return _frame(REGISTER)


def previous() -> pd.DataFrame:
    """This register as it stood at the previous edition (see the module docstring)."""
    df = current()
    occ = df.groupby(["plan", "ref"], sort=False).cumcount()
    key = list(zip(df["plan"], df["ref"]))
    df["status"] = [PREVIOUS_STATUS.get(k, s) for k, s in zip(key, df["status"])]
    df["ref"] = [RENAMED.get((p, r, o), r) for p, r, o in zip(df["plan"], df["ref"], occ)]
    df = df[[k not in ADDED for k in key]]
    closed = _frame(CLOSED_SINCE_PREVIOUS)
    ofs = df["plan"] == OFS
    return pd.concat([df[~ofs], df[ofs], closed], ignore_index=True)


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    return {"actions.csv": current(), "actions_previous.csv": previous()}


REGISTER = [{'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.1.1',
  'action': 'Support the KSCB in their programme of multi-agency audits and analysis Led by divisional '
            'representatives at the QE sub-group',
  'owner': 'Lead officer A, Director, Early Help and Preventative Services',
  'due_date': '30/04/2015',
  'due_text': 'Review 30th April 2015',
  'status': 'G',
  'progress': '',
  'measure': 'Multi-agency audits are well-represented by appropriate KCC staff; data requested is provided where '
             'possible and appropriate Staff are aware of current and planned activity, and how the outcomes/ '
             'learning from the auditing and case reviews impacts on day-to-day work with vulnerable children and '
             'families.',
  'target': '',
  'actual': '',
  'source': '001:37'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.2.1',
  'action': "Implement the 'Signs of Safety'- model of intervention unilaterally across Early Help and SCS",
  'owner': 'Project Manager to be confirmed',
  'due_date': '30/04/2015',
  'due_text': 'Progress review 30th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'A standardised child-focussed model of risk analysis, risk management and safety planning is developed '
             'and implemented across both SCS and EHPS Improved engagement with children and families. All relevant '
             'staff receive training',
  'target': '',
  'actual': '',
  'source': '001:38'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.2.2',
  'action': 'Carry out face-to-face auditing/ case-coaching on randomly selected cases',
  'owner': 'Lead officer B, Practice Improvement Unit',
  'due_date': '30/04/2015',
  'due_text': 'Review 30th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Build confidence by enabling social workers to articulate their work. Enable a solution-focussed, open '
             'discussion about areas of good practice, and aspects that would benefit from development.',
  'target': '',
  'actual': '',
  'source': '001:39'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.2.3',
  'action': 'Guidance and training to be provided to Child Protection conference chairs and Independent Reviewing '
            'Officers underlining responsibilities in challenging and addressing poor practice.',
  'owner': 'Lead officer C',
  'due_date': '',
  'due_text': 'Complete',
  'status': '',
  'progress': 'Complete',
  'measure': 'Appropriate rigour is applied in quality assuring practice with vulnerable children and young people',
  'target': '',
  'actual': '',
  'source': '001:40'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.2.4',
  'action': 'Review and refresh current online case audit process',
  'owner': 'Lead officer B',
  'due_date': '30/04/2015',
  'due_text': '30th April 2015',
  'status': 'G',
  'progress': '',
  'measure': 'Online peer-review audit process is less mechanical, and has the functionality to challenge and focus '
             'on the quality of interventions',
  'target': '',
  'actual': '',
  'source': '001:41'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.3.1',
  'action': 'Monitor and quality assure the regularity and recording of supervision and the impact it is having on '
            "ensuring appropriate interventions commensurate to the child/ family's need. [Actions arising from "
            'Supervision Policy:] Service Manager and Team Manager to audit one supervision record per month. This '
            'should include cross referencing with case files to quality assure decision making',
  'owner': 'Service Managers (SMs)',
  'due_date': '30/04/2015',
  'due_text': 'Review 30th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Newly Qualified Social Workers have fortnightly supervisions for the first six months of their '
             'professional practice, this may become three weekly for the remainder of their first year of practice '
             'Social workers, senior practitioners and team managers have regular professional supervision (every 4 '
             '– 6 weeks) in accordance with the Supervision Policy and Practice Standards for Supervisors. '
             'Appropriate management oversight is being undertaken; decisions are recorded on case files. Dip sample '
             "audits show interventions are having a positive impact on the child's experience and there is no drift "
             '…',
  'target': '',
  'actual': '',
  'source': '001:42-44'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.1',
  'action': 'Develop and publish CSE work plan which implements the objectives of the CSE Strategy and the areas of '
            'focus identified in the CSE action plan.',
  'owner': 'Lead officer D, KSCB',
  'due_date': '30/04/2015',
  'due_text': 'Review of implementation on 30 April 2015',
  'status': 'G',
  'progress': '',
  'measure': "Completed action plan is shared with Children's Health and Wellbeing Board, KCC Leader, Head of Paid "
             'Service, Community Safety Partnership and the Police and Crime Commissioner.',
  'target': '',
  'actual': '',
  'source': '001:45'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.2',
  'action': 'Establish a targeted preventative and self-protection programme on child sexual exploitation for looked '
            'after children',
  'owner': 'Theme 4 lead, Lead officer E',
  'due_date': '10/04/2015',
  'due_text': 'For review 10th April 2015',
  'status': 'R',
  'progress': '',
  'measure': 'All foster carers approved for ages 10 and upwards and all fostering service social workers complete a '
             'CSE preventative training programme; (training to include the direct views of young people who have '
             'experienced CSE). Foster carers feel able to discuss proactively with their children the risks of '
             'exploitation and what it means, in terms relevant and appropriate to the age and lives of individual '
             'children in care (CIC). Discussions undertaken between foster carers and their child are recorded on '
             "the CIC file. Status of foster carer training completed is included in the carer's training …",
  'target': '',
  'actual': '',
  'source': '001:46'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.3',
  'action': 'All frontline professionals who work with children and young people must undertake LSCB awareness '
            'training or equivalent and be able to identify risk indicators and vulnerabilities. - KSCB CSE Toolkit '
            "training - Localised district workshops - 'Safeguarding children from abuse and sexual exploitation' "
            'e-learning',
  'owner': 'ADs, EHPS HoS',
  'due_date': '30/04/2015',
  'due_text': 'Numbers of staff trained or signed up for training for review 30th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'All cases where children/ young people are at risk of/ have experienced CSE show evidence of utilising '
             'the CSE Toolkit to manage and treat risk Front-line staff have a clear understanding of vulnerability '
             'identifiers (in the toolkit), appropriate pathways and referral',
  'target': '',
  'actual': '',
  'source': '001:47'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.4',
  'action': 'Capture and disseminate key good practice learning points from Operation Lakeland to all SCS and '
            'relevant staff.',
  'owner': 'Lead officer C',
  'due_date': '',
  'due_text': 'Action awaiting Independent Report production.',
  'status': '',
  'progress': 'Action awaiting Independent Report production.',
  'measure': 'Staff are aware of best practice when working with vulnerable children and young people who have been '
             'exploited and/ or abused Key messages arising from the Lakeland Independent Report are disseminated to '
             'staff',
  'target': '',
  'actual': '',
  'source': '001:49'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.5',
  'action': 'Confirm arrangements for long term therapeutic support for children/young people who have experienced '
            'CSE and other forms of sexual trauma.',
  'owner': 'Lead officer F',
  'due_date': '30/04/2015',
  'due_text': 'For review 30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Work in partnership with Public Health as part of the wider Emotional Health and Wellbeing Strategy '
             "work, championed by the Children's Health and Wellbeing Board. Practitioners are aware of services "
             'available for children and young people who have experienced CSE or sexual trauma.',
  'target': '',
  'actual': '',
  'source': '001:50'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.6',
  'action': 'All frontline staff working directly with vulnerable children and young people to undertake returner '
            "interview training. Inclusive of: KSCB Return Interview training Localised return interview 'train the "
            "trainer' workshops",
  'owner': 'ADs, EHPS HoS',
  'due_date': '30/04/2015',
  'due_text': 'For review 30 th April 2015',
  'status': 'R',
  'progress': '',
  'measure': 'All frontline staff working directly with vulnerable children and young people have strong skills on '
             'conducting productive and meaningful return interviews for children who go missing. Return interviews '
             'happen within 72 hours of each missing episode. Number of staff who have received returner interview '
             'training increases each month.',
  'target': '',
  'actual': '',
  'source': '001:51'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.4.7',
  'action': 'Develop a Public Law Outline (PLO) tracker system, in partnership with legal services',
  'owner': 'Lead officer G',
  'due_date': '30/04/2015',
  'due_text': 'For review 30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Challenge and address drift in cases escalating to proceedings',
  'target': '',
  'actual': '',
  'source': '001:52'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 1: Quality and consistency of practice',
  'ref': '1.5.1',
  'action': 'Produce a Participation Strategy for CHIN and CP The Kent CIC and Leaving Care Participation Strategy '
            'is published in the online procedures manual.',
  'owner': 'Theme 4 lead',
  'due_date': '30/04/2015',
  'due_text': '30th April 2015',
  'status': 'G',
  'progress': '',
  'measure': 'All children accessing SCS understand how their involvement and voice contribute to strategic decision '
             'making. Children and young people are encouraged to contribute and share their views on how the '
             'service is operating and meeting their needs.',
  'target': '',
  'actual': '',
  'source': '001:53'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.1.1',
  'action': 'Co-locate the Early Help Triage with the Central Referral Unit.',
  'owner': 'Lead officer H, Theme 2 lead',
  'due_date': '30/05/2015',
  'due_text': '30 th May 2015',
  'status': 'G',
  'progress': '',
  'measure': 'Information-sharing between agencies and professionals will be timely and specific Children and '
             'families receive access to the appropriate services for their need when they need it. There is a clear '
             'and documented pathway for referral to EHPS by the Central Duty Team for cases that do not meet the '
             'threshold for statutory assessment; including access to commissioned Early Help services and targeted '
             'expertise (e.g. offending behaviour, or absences from school). There is a clear and documented pathway '
             'for step ups and step downs between statutory assessment thresholds.',
  'target': '',
  'actual': '',
  'source': '001:59-61'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.1.1',
  'action': 'Step down cases are tracked with oversight by senior managers to ensure that interventions by EHPS '
            'staff are timely and effective.',
  'owner': 'EHPS HoS, Lead officer H',
  'due_date': '30/04/2015',
  'due_text': 'Review 30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Re-referral to SCS is minimised Monthly monitoring data will provide numbers and trends by district on '
             'step ups and step downs. Numbers of children with a Child Protection Plan (CP plan), Children in Need '
             '(CIN) and Children in Care (CIC) receiving Early Help support, and kind of support are tracked.',
  'target': '',
  'actual': '',
  'source': '001:62'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.2.1',
  'action': 'Review and refresh the threshold criteria to remove disparities between KSCB guidance and CSE Risk '
            'Assessment toolkit guidance/ other key KSCB policies and guidance. The refreshed Threshold Criteria is '
            'published and widely communicated to staff at all levels.',
  'owner': 'Lead officer D, KSCB',
  'due_date': '',
  'due_text': 'Complete',
  'status': '',
  'progress': 'Complete',
  'measure': 'All social care staff are aware of the refreshed CSE toolkit and Threshold Criteria Staff from across '
             'the partnership are aware of changes to the protocol',
  'target': '',
  'actual': '',
  'source': '001:63'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.3.1',
  'action': 'Establish a Single Point of Contact (SPOC) post to receive reports of all missing children and direct '
            'them to the relevant SCS or EH&PS Team.',
  'owner': 'Theme 2 lead',
  'due_date': '30/04/2015',
  'due_text': 'Review 30 th April 2015',
  'status': 'G',
  'progress': '',
  'measure': 'Missing children administrative staff appointed and in post in the Central Referral Unit. A single, '
             'centrally held point for all data on missing children.',
  'target': '',
  'actual': '',
  'source': '001:64'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.3.2',
  'action': 'Audit and quality assurance arrangements are in place to monitor the quality and frequency of return '
            'interviews across both SCS and EHPS',
  'owner': 'Lead officer D',
  'due_date': '',
  'due_text': 'Monthly review',
  'status': 'A',
  'progress': '',
  'measure': 'Dip-test samples show a percentage increase in the number of missing children having a return '
             'interview by SCS or Early Help and Preventative Services. Return interviews are of a high quality, '
             'helping children/ young people to understand risk. Outcomes of return interviews inform future '
             'planning for the individual.',
  'target': '',
  'actual': '',
  'source': '001:65'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.3.3',
  'action': 'All data on children missing and their outcomes to be recorded on Liberi system (through the SPOC)',
  'owner': 'Theme 2 lead',
  'due_date': '',
  'due_text': 'Monthly review',
  'status': 'A',
  'progress': '',
  'measure': "For children known to SCS/ EHPS, every missing episode is recorded on the child's record. Information "
             "regarding missing children is shared with the Community Safety Partnership. Trends and 'hot spots' are "
             'reported at regular intervals to KSCB.',
  'target': '',
  'actual': '',
  'source': '001:67'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 2: Effective Front Door',
  'ref': '2.4.1',
  'action': "Full implementation of Liberi's functions within the Central Referral Unit",
  'owner': 'Theme 2 lead',
  'due_date': '30/04/2015',
  'due_text': '30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Reduce reliance on paper systems, and reduce time spent conducting back-office processes',
  'target': '',
  'actual': '',
  'source': '001:68'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.1.1',
  'action': 'Develop new Assessment, Planning and Review Forms and Outcome Trackers',
  'owner': 'Lead officer J, Newton Europe',
  'due_date': '01/04/2015',
  'due_text': '1 st April 2015',
  'status': 'A',
  'progress': '',
  'measure': "Support the 0-25 Unified Programme's new ways of working and enable measurement of intervention's "
             'impact.',
  'target': '',
  'actual': '',
  'source': '001:73'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.1.2',
  'action': 'Staff utilise new tools and methodologies arising from 0-25 Unified Programme transformation '
            'initiatives to achieve outcomes and reduce re-referrals to SCS.',
  'owner': 'Joint EHPS and SCS Divisional Management Teams',
  'due_date': '01/09/2015',
  'due_text': 'For review 1 st September 2015',
  'status': 'G',
  'progress': '',
  'measure': 'Monthly performance and activity data will show a downward trend in line with targets and expectation',
  'target': '',
  'actual': '',
  'source': '001:74'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.1.3',
  'action': 'Implement a new, integrated EHPS structure',
  'owner': 'Director, Early Help and Preventative Services',
  'due_date': '01/09/2015',
  'due_text': '1 st September 2015',
  'status': 'G',
  'progress': '',
  'measure': 'New structure is in place and operating effectively across Kent in alignment with SCS in each '
             'District.',
  'target': '',
  'actual': '',
  'source': '001:75'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.2.1',
  'action': 'EHPS has an agreed, robust Quality Assurance (QA) process and cycle for casework',
  'owner': 'Lead officer H',
  'due_date': '26/06/2015',
  'due_text': '26 June 2015',
  'status': 'G',
  'progress': '',
  'measure': 'Quality assurance process is implemented and robustly monitoring the quality of interventions, and '
             'capturing areas of poorer performance.',
  'target': '',
  'actual': '',
  'source': '001:76'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.2.2',
  'action': 'Early Help and Preventative Service managers receive regular, accurate information on activity within '
            'their area',
  'owner': 'Lead officer H',
  'due_date': '30/04/2015',
  'due_text': 'Completion 30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Districts receive monthly reports detailing: Numbers of notifications Numbers of notifications leading '
             'to an assessment and plan Timeliness of each step',
  'target': '',
  'actual': '',
  'source': '001:77'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.3.1',
  'action': 'Develop an integrated Early Help delivery model which achieves acceleration of phase 1 of the Troubled '
            'Families Programme and enables the achievement of turning around 8960 families in Kent by the '
            'conclusion of Phase 2 of the programme.',
  'owner': 'Director, Early Help and Preventative Services',
  'due_date': '31/07/2015',
  'due_text': '31 st July 2015',
  'status': 'G',
  'progress': '',
  'measure': 'As Kent has the 3 rd largest troubled families target numbers nationally all Early Help and '
             'Preventative Case workers and other partners will be key workers helping families deliver positive '
             'outcomes.',
  'target': '',
  'actual': '',
  'source': '001:79'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 3: Effective Early Help',
  'ref': '3.4.1',
  'action': 'Revise and refresh the Early Help Assessment process to improve effectiveness and outcomes and provide '
            "a clear and simple pathway for children and young people's needs to be identified, assessed and a clear "
            'plan of support provided to the family.',
  'owner': 'Director, Early Help and Preventative Services',
  'due_date': '30/04/2015',
  'due_text': '30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'By April 2015, increase Early Help Assessments (Kent Family Support Framework (KFSF)) completed per '
             '10,000 for the following age groups: 0-4 year olds: 103 5-11 year olds: 154 11-16 year olds: 136 16-19 '
             'year olds: 57',
  'target': '',
  'actual': '',
  'source': '001:80'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.1.1',
  'action': "Review and update Kent's Strategic Looked After Children Plan for 2015-16.",
  'owner': 'Lead officer K',
  'due_date': '30/04/2015',
  'due_text': 'Completion 30 th April 2015',
  'status': 'G',
  'progress': '',
  'measure': 'KCC has published and agreed corporate parenting objectives for the year ahead; information is readily '
             'available to professionals and families via Kent.gov.uk and the online procedures manual. Corporate '
             'Parents have a strong knowledge of service activity and the 2015-16 strategic objectives for children '
             'in care and care-leavers',
  'target': '',
  'actual': '',
  'source': '001:87'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.1.2',
  'action': 'Ensure all children receive a CiC pack and it is regularly reviewed and updated Continued '
            "implementation of a recommendation arising from Ofsted's CIC inspection July 2013",
  'owner': 'Theme 4 lead',
  'due_date': '',
  'due_text': 'Monthly review',
  'status': 'A',
  'progress': '',
  'measure': 'Ensure all staff regularly receive and disseminate the VSK newsletter to children, young people and '
             'their carers All eligible children and young people in care are aware of the Kent Pledge, the Kent '
             'Cares Town website, their entitlements and how to get involved with Council activity. IRO management '
             'report shows an increased % of children aged 8+ receiving a consultation leaflet prior to their '
             'review, and are assisted to complete it, if requested.',
  'target': '',
  'actual': '',
  'source': '001:88'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.1.3',
  'action': 'Recruit more Independent Reviewing Officers (IROs)',
  'owner': 'Lead officer C',
  'due_date': '30/04/2015',
  'due_text': '30 April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Dip-sample audits demonstrate children and young people in care receive timely and appropriate '
             'support, and do not experience drift or delay in care planning processes',
  'target': '',
  'actual': '',
  'source': '001:89-91'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.2.1',
  'action': 'Deliver a new, fit for purpose Commissioning & Sufficiency Strategy which articulates our sufficiency '
            'needed, our approach to meeting them and establishes a clear action plan for how to make improvement.',
  'owner': 'Lead officer F',
  'due_date': '30/04/2015',
  'due_text': 'Strategy implementation Review 30 th April 2015',
  'status': 'G',
  'progress': '',
  'measure': 'As part of the 0-25 Unified Programme, introduce a pathway plan for careleavers in supported '
             'accommodation (action 4.2.3.) Sufficiency strategy is published on Tri.X and Kent.gov.uk %increase of '
             'in-house foster carers who can support adolescents and those children with more complex needs,',
  'target': '',
  'actual': '',
  'source': '001:92'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.2.2',
  'action': 'Increase the % of Children in Care with permanency plan at the 4 month review',
  'owner': "CYPSPMs (Children and Young People's Service - CIC)",
  'due_date': '30/04/2015',
  'due_text': 'Review 30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': 'There is robust management of decision making processes leading to a decision on permanence and '
             "children do not 'drift' in the care system. Children in care achieve a sense of belonging either "
             'through reunification, long term fostering or adoption.',
  'target': '',
  'actual': '',
  'source': '001:93'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.2.3',
  'action': 'Review the current pathway plan template to develop a more appropriate plan format that better '
            'addresses care planning for care leavers.',
  'owner': 'Lead officer A, Newton Europe',
  'due_date': '30/04/2015',
  'due_text': '30 th April 2015',
  'status': 'A',
  'progress': '',
  'measure': "An 'ideal pathway' plan for all care leavers is introduced, with a data tracking system to monitor "
             "care leavers' progress to independent living. All staff within the care leavers' service receive "
             'appropriate training to implement the pathway plan.',
  'target': '',
  'actual': '',
  'source': '001:94'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.2.4',
  'action': 'Working with District Authorities, strengthen housing protocols in relation to youth homelessness',
  'owner': 'Lead officer A',
  'due_date': '31/07/2015',
  'due_text': 'For review July 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Ensure vulnerable young people can access accommodation suitable for their needs',
  'target': '',
  'actual': '',
  'source': '001:95'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.3.1',
  'action': 'Implement the Kent and Medway Joint Protocol on Criminal Justice Agency Involvement with Children in '
            'Care Undertake cross- divisional audits to access joint working with young people either known to be at '
            'risk of offending, or already known to YOS and SCS.',
  'owner': 'Theme 4 lead',
  'due_date': '29/05/2015',
  'due_text': 'Review 29 th May 2015',
  'status': 'A',
  'progress': '',
  'measure': 'Improve the recording for CIC identified as having a substance misuse problem. Numbers of Children in '
             'Care shown will initially increase as recording improves. % reduction in the numbers of CIC '
             're-offending % reduction in the numbers of CIC entering the criminal justice system Note: Kent and '
             'Medway Joint Protocol is the local version, which sits beneath the overarching South East Protocol to '
             'reduce offending and criminalisation of CIC.',
  'target': '',
  'actual': '',
  'source': '001:96'},
 {'plan': 'Development plan 2014-16',
  'theme': 'Theme 4: Improved Outcomes for Children in Care (CIC) and care leavers',
  'ref': '4.4.1',
  'action': "Work with Kent's CCGs to manage the Children and Young People Mental Health service (formerly CAMHS), "
            'to ensure appropriate and timely access to mental health and emotional wellbeing services for CIC.',
  'owner': 'Lead officer L, Lead officer M',
  'due_date': '10/04/2015',
  'due_text': 'Review 10 th April 2015 Next data due April 03 2015.',
  'status': 'A',
  'progress': '',
  'measure': 'Children and young people have an assessment within 4 weeks and treatment within 12 weeks from '
             'referral. All CIC who need a mental health or emotional wellbeing service receive it. Staff report '
             'satisfaction with the responsiveness and accessibility of the Children and Young People Mental Health '
             'service, including the CIC element of the service.',
  'target': '',
  'actual': '',
  'source': '001:97'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T01.1',
  'action': "Continue to roll out the use of Common Assessment Framework across all children's services, and support "
            'access to early intervention and prevention services on the framework with a specific focus on '
            'supporting vulnerable children (Tier 2) and preventing escalation of need to Tier 3. Monitor referrals '
            'and outcomes through performance and contract management To ensure commissioned services are using CAF '
            'effectively.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Contribution achieved with further action to be carried forward to 14-15 action plan — Regular '
              'attendance at Troubled Families Board and currently looking at future service design and how to '
              'support teams as part of performance and contract management. A new Early Help Commissioning Group '
              'which links KIAS and 0-11 transformation now looking at future commissioning expectations',
  'measure': 'Contribution to the Kent Troubled Families Programme and the Kent Integrated Adolescent Support '
             'Service work being led by colleagues in Children & Young People.',
  'target': '',
  'actual': '',
  'source': '004:4-10'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T01.2',
  'action': "Continue to roll out the use of Common Assessment Framework across all children's services, and support "
            'access to early intervention and prevention services on the framework with a specific focus on '
            'supporting vulnerable children (Tier 2) and preventing escalation of need to Tier 3. Monitor referrals '
            'and outcomes through performance and contract management To ensure commissioned services are using CAF '
            'effectively.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Review completed. Follow up activity savings to be carried forward to 14-15 action plan — Review of '
              'EIP services completed; focus now on a phased plan and savings.',
  'measure': 'Revisit and review the impact of all EIP services and make recommendations for change.',
  'target': '',
  'actual': '',
  'source': '004:11-16'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T01.3',
  'action': "Continue to roll out the use of Common Assessment Framework across all children's services, and support "
            'access to early intervention and prevention services on the framework with a specific focus on '
            'supporting vulnerable children (Tier 2) and preventing escalation of need to Tier 3. Monitor referrals '
            'and outcomes through performance and contract management To ensure commissioned services are using CAF '
            'effectively.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Quality of CAF/TAF reports is improving and this area will remain a focus in the next action — '
              'Continuous improvement is evidenced through quality audit programme.',
  'measure': 'October 2013 review of CAF/TAFs reports improvement in quality',
  'target': '',
  'actual': '',
  'source': '004:17-24'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T01.4',
  'action': "Continue to roll out the use of Common Assessment Framework across all children's services, and support "
            'access to early intervention and prevention services on the framework with a specific focus on '
            'supporting vulnerable children (Tier 2) and preventing escalation of need to Tier 3. Monitor referrals '
            'and outcomes through performance and contract management To ensure commissioned services are using CAF '
            'effectively.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved — Significant increase of 53.5% in the number of CAFs completed 2013/14 compared to '
              '2012/13 exceeding the target by more than 50%.',
  'measure': 'Number of CAFs completed per 10,000 population under 18 (exc. Young carers)',
  'target': '',
  'actual': '',
  'source': '004:25-27'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T02',
  'action': "Improve engagement of partners' front line staff in the Common Assessment Framework process",
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target has been achieved, effective partnership working will remain a focus in the next action plan — '
              'Partners have engaged with the CAF process and contributed to the review of Early Help services. The '
              'Early Help and Preventative Services Prospectus published in May 2014 provides the vision for Early '
              'Help including CAF',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '004:29-30'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T03.1',
  'action': '',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': "Children's Centres are now part of the Children & Young People directorate. Progress under the new "
              'structure will be monitored in line with other 0-11 preventative services — Eleven of the 23 '
              "Children's Centres originally earmarked for closure will remain open following a three-month "
              "consultation. Twelve of the county's 97 Children's Centres will shut and 20 will operate with reduced "
              'hours. The plans, which came into effect by April 2014, will see 17 networks of 85 …',
  'measure': "Ensure Children's Centres deliver high quality support to families and prevent escalation to "
             'specialist services (as judged good or outstanding by Ofsted)',
  'target': '',
  'actual': '',
  'source': '004:33-34'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T03.2',
  'action': '',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': '',
  'progress': 'Work has progress throughout the year and will continue to develop in the light of the transformation '
              "of the early help offer. — On-going work through local operational teams and partners e.g. GP's and "
              'schools to increase the use of CAF and embed the principals of the EiP strategy',
  'measure': 'Work with universal services and other providers to embed the Early Intervention Strategy and provide '
             'inclusive support',
  'target': '',
  'actual': '',
  'source': '004:35'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '1. Intervene early and support children to remain safely within their family',
  'ref': 'T04',
  'action': 'Contribute to a review of the EIP strategy',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Red',
  'progress': 'Action carried forward to the 14-15 action plan — The review of the EIP strategy has been delayed, it '
              'is expected that the permanent Director of Preventative Services will take this forward when they are '
              'in post',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '004:37-40'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T05',
  'action': 'Commission a suite of services to manage risk within the family. Including support parenting '
            'interventions, domestic abuse, perpetrators of domestic abuse, 16-17year old living in the community, '
            'family mediation etc.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Evidence from Early Help commissioned services (Sept 13 to March 14) shows 203 cases have been '
              'stepped down from social care. 111 cases have been stepped up to social care after initial referral '
              'to commissioned services. During this period, commissioned services have opened 3761 cases and closed '
              '… — As part of the Transformation work KIAS and 0-11 streams are looking at the principles of how to '
              'assess and make it easier for partners to engage. To include a review of CAF and the development of a '
              'new early help assessment tool.',
  'measure': 'Reduce numbers of step ups through use of EIP services to increase resilience within the family.',
  'target': '',
  'actual': '',
  'source': '004:45'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T06.1',
  'action': 'Further develop the use of Family Group Conferencing (FGC) for all children at edge of care (400 '
            'families), work with children whose attendance at school is below 85 percent to improve attendance (50 '
            'families) and develop a service as part of Early Intervention strategy to prevent escalation to SCS (20 '
            'families) by re-aligning existing resources.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Achieved target — Edge of care; over target. 612 families referred; 449 FGCs convened, plus 15 PCRs.',
  'measure': 'Develop use of FGC for all children at edge of care – 400 families',
  'target': 400,
  'actual': 612,
  'source': '004:47'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T06.2',
  'action': 'Further develop the use of Family Group Conferencing (FGC) for all children at edge of care (400 '
            'families), work with children whose attendance at school is below 85 percent to improve attendance (50 '
            'families) and develop a service as part of Early Intervention strategy to prevent escalation to SCS (20 '
            'families) by re-aligning existing resources.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'Did not achieve specific target, although many families in El cohort had attendance & behavioural '
              'issues in FGC plan. — Education: Under target; 21 families referred; 13 FGCs convened plus 1 PCR.',
  'measure': 'Improve school attendance – 50 families',
  'target': 50,
  'actual': 21,
  'source': '004:48-49'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T06.3',
  'action': 'Further develop the use of Family Group Conferencing (FGC) for all children at edge of care (400 '
            'families), work with children whose attendance at school is below 85 percent to improve attendance (50 '
            'families) and develop a service as part of Early Intervention strategy to prevent escalation to SCS (20 '
            'families) by re-aligning existing resources.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Achieved target — Early Intervention (including Tunbridge Wells project which takes referrals from '
              'FST with aim of stepping down to EI); On target; 27 families referred and 14 FGCs convened.',
  'measure': 'Prevent escalation to SCS – 20 families.',
  'target': 20,
  'actual': 27,
  'source': '004:50'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T06.4',
  'action': 'Further develop the use of Family Group Conferencing (FGC) for all children at edge of care (400 '
            'families), work with children whose attendance at school is below 85 percent to improve attendance (50 '
            'families) and develop a service as part of Early Intervention strategy to prevent escalation to SCS (20 '
            'families) by re-aligning existing resources.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Overall achieved targets — Total - 660 Referrals, 476 FGCs 15 PCRs',
  'measure': '(Total of the three FGC targets)',
  'target': '',
  'actual': '',
  'source': '004:51-52'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T07.1',
  'action': 'Support and contract manage Safer, Stronger Families; a service for children and young people aged 11- '
            '15 being delivered countywide under a 3 year contract from November 2012.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Achieved target — The provider has capacity to work with 140 young people per annum and they report '
              'on follow-up of closed cases that there is a low frequency of young people going into care within 3 '
              'months of leaving the service. In year 1 – young people in 79% of closed cases were prevented from '
              'becoming CIC – …',
  'measure': 'Reduce numbers of children coming in to care by a minimum of 40 to 50 per year over 3 years to October '
             '2015 (25% reduction on numbers of 11-15 year olds coming into care)',
  'target': '',
  'actual': '',
  'source': '004:55-61'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T07.2',
  'action': 'Support and contract manage Safer, Stronger Families; a service for children and young people aged 11- '
            '15 being delivered countywide under a 3 year contract from November 2012.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': '',
  'progress': 'The contract now gives the LA the ability to refer 16 & 17 year olds into the service, which is '
              'leading to an increase in referrals which should see the service operating at full capacity shortly.',
  'measure': 'Review the effectiveness and demand of the service for the age group and establish if increasing the '
             'age to 17 to meet need. Contract has been varied',
  'target': '',
  'actual': '',
  'source': '004:60-66'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T08',
  'action': 'Conduct a needs analysis and develop recommendations in partnership with district housing authorities '
            'and Supporting People, to ensure that suitable provision is developed for 16 to 24 year old vulnerable '
            'young people who become homeless',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'This work is ongoing and will be carried forward to the next action plan — A multi-agency Task and '
              'finish group met in October 2013. A report is being prepared, covering needs analysis, pathways to '
              'access accommodation and engagement with young people.',
  'measure': 'Multiagency task and finish group to look at each issue and agree actions.',
  'target': '',
  'actual': '',
  'source': '004:68'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '2. Manage Risk with the family / community',
  'ref': 'T09',
  'action': 'Continue to work with the courts to promote the use of community based remand and alternative to '
            'custody options for young people.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Achieved target — The target was "Remands to Youth Detention Accommodation should not exceed more '
              'than 7.5% of the total number of remand decisions, excluding Unconditional Bail". This target was met '
              'for both 2012/13 (6.3%) and 2013/14 (6.4%). This illustrates a downward annual trend in the remand '
              'population being …',
  'measure': 'Reduce the number of Remands to Youth Detention Accommodation by increasing the number of Remands to '
             'LA Accommodation Decrease number of custodial based remands by 50% - 4 per year',
  'target': '',
  'actual': '',
  'source': '004:69'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T10',
  'action': 'Put in place and monitor a recruitment strategy for the fostering service with the aim of: Recruiting '
            'more in-house foster carers with the right combination of skills to meet the needs of children and '
            'young people in our care, in the right locations (see detail in strategy). Retaining more existing '
            'carers through improved training and supervision. • Ensure effective implementation of Staying Put '
            'Policy',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved. recruitment of carers to meet the needs of Kent children will remain a focus for the '
              'next action plan, — At the end of March 2014: 262 potential child placements have been recruited (166 '
              'households) 82 carers have been lost through retirement , resignation and connected carers leaving '
              'the service',
  'measure': 'The target for savings in 2013 -14: Recruit 224 (gross) new foster care placements. This target will '
             "result in a minimum of 149 (net) new foster care placements as on average 75 placements are 'lost' "
             'each year due to resignations and de-registrations of foster carers',
  'target': 224,
  'actual': 262,
  'source': '004:74-79'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T11.1',
  'action': 'Target recruitment and retention of foster carers who can care for young people aged 16+, sibling '
            'groups, adolescents, North and West Kent and those with complexities.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved — Targets for the following groups were exceeded:',
  'measure': 'Target to 20 places for young people moving on to independence',
  'target': '',
  'actual': '',
  'source': '004:81'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T11.2',
  'action': 'Target recruitment and retention of foster carers who can care for young people aged 16+, sibling '
            'groups, adolescents, North and West Kent and those with complexities.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Red',
  'progress': 'Target not achieved, will be included in the next action plan — Recruitment of carers for challenging '
              'and 16+ placements has proven challenging and remains an area of focus for the next action plan',
  'measure': '(no separate target printed; challenging and 16+ placements)',
  'target': '',
  'actual': '',
  'source': '004:82'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T12',
  'action': 'Support and contract manage the Independent Fostering Framework Agreement to provide specific types of '
            "placements to meet KCC's needs at an agreed cost.",
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Although target focus has changed, good progress has been made in contributing to the savings agenda. '
              'From January to March 2014 the authority made less than half the number of IFA placements per month '
              "than it had made June to December 2013 — Kent's focus on reducing the number of IFA placements and "
              'the Single Placements Team pilot starting in January has led to a reduction in IFA placements and an '
              'increased use of in-house, changing the emphasis of the saving from reduction in unit cost to '
              'reduction in overall numbers of IFA …',
  'measure': 'The framework has not reduced average costs of placements as it was intended to achieve. The '
             'Commissioning Team and Strategic Procurement are working with the market to consider new processes '
             'that will be more efficient.',
  'target': '',
  'actual': '',
  'source': '004:83'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T13',
  'action': 'Build relationships with IFA providers who are part of the framework and are approved specifically for '
            'remand placements',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'Work is on-going and will be carried forward to the next action plan — Meetings have been held with '
              'IFA Providers who expressed interest in offering remand places through the IFP Framework tendering '
              'process. One provider with experience of operating a project of this kind has agreed to be involved '
              'in further discussions to explore the potential of establishing a …',
  'measure': 'Increase remand placements by 4 per annum',
  'target': '',
  'actual': '',
  'source': '004:84'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T14',
  'action': 'Establish a residential provider Framework Agreement to increase sufficiency and cost effectiveness of '
            'provision. provision.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'KCC part of the West Sussex Dynamic Purchasing System (DPS) model — The opportunity arose to work in '
              'partnership with West Sussex County Council and join their DPS in relation to Independent non '
              "maintained Special Schools. However, KCC chose not to align itself with the Children's Home element "
              'of the DPS and it has been agreed that we continue to spot purchase …',
  'measure': 'Dynamic Purchasing System will be in place with non-maintained independent schools which cover CIC '
             'with SEN and or Disability. Meeting held with Lead officer F and paper to be produced on 3 step '
             "approach for Residential Children's homes framework",
  'target': '',
  'actual': '',
  'source': '004:86-88'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '3. Provide and commission placements to meet identified needs',
  'ref': 'T15',
  'action': 'Collate information from Access to Resources Panels and JRAP and report quarterly to inform sufficiency '
            'and identify gaps in provision',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved — ART has established a wide range of data sets that support the monitoring of the '
              'IFA framework, provide timely updates to service managers and ADs and provide intelligence to support '
              'the development of a recruitment strategy for KCC in-house carers.',
  'measure': 'Need to establish a consistent reporting framework with in-house fostering services',
  'target': '',
  'actual': '',
  'source': '004:89-90'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T16',
  'action': 'Work with legal services to manage cases in a timely way, reduce delay in court processes and make the '
            'most cost effective use of legal advice. Implement the Family Justice Review.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': '41% of court proceedings have been completed within the 26 week target. Further progress is expected '
              'as new procedures are embedded. — Key measures will be included in the Scorecard for the '
              'Transformation Board which shall in addition include the number of care proceedings, average length '
              'of time and average cost.',
  'measure': 'Reduce the length of time for care proceedings; reduce length of time in care for young children with '
             'an adoption plan The Family Justice Review is being implemented which will require court proceedings '
             'for cases at Family Justice Courts to be completed within 26 weeks. Targets are monitored at monthly '
             'legal meetings',
  'target': '',
  'actual': '',
  'source': '004:95-104'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T17',
  'action': 'Put in place training on Care Planning and Pathway Plans to support improvement in social work practice '
            'and management oversight.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved, further work will be undertaken over the coming year — Workshops for operational '
              'staff on Care Planning have been delivered as part of the PD programme. Surgeries continue to be '
              'delivered across districts. Content of surgeries to be reviewed to ensure they meet staff needs and '
              'practice improvement requirements. District surgeries to date have been …',
  'measure': 'All social workers to attend training and district based surgeries Thematic Audits to be carried out '
             'by IROs',
  'target': '',
  'actual': '',
  'source': '004:106-109'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T18',
  'action': 'Support the IROs in their role of monitoring and challenging Care Plans, and monitor use of escalation '
            'processes',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved, further work will be undertaken over the coming year — Key issues identified from '
              'IRO audits regarding care planning: Need to focus on the cogency of the overall plan by pulling the '
              'core elements into a collective whole Quarterly monitoring of the quality of care planning has found '
              'that the proportion of care plans deemed satisfactory or better by IROs …',
  'measure': 'IRO service to report annually. Thematic Audits to be carried out by IROs',
  'target': '',
  'actual': '',
  'source': '004:110-116'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T19',
  'action': 'Monitor the contract for the newly commissioned community CAMHS service which prioritises CIC, and '
            'monitor outcomes for this target group. Eligibility criteria have been agreed for CIC to access service '
            '– in place by July 1st 2013',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'Making progress towards delivery target. — As at the end of March 2014, the service is reporting '
              "contact with approximately 28% of Kent's CIC (caseload of 520) The new Community CAMHs CIC service is "
              'in place but the provider has found it difficult to recruit appropriately trained staff. A fourth '
              'recruitment is under way and the provider …',
  'measure': 'Over the contract period see over 30% of CIC in Kent receiving CAHMS services (an increase from 7%).',
  'target': 30,
  'actual': 28,
  'source': '004:117'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T20',
  'action': 'Explore options for a mechanism for accessing therapeutic services through a Framework Contract',
  'owner': '',
  'due_date': '31/12/2013',
  'due_text': 'Options agreed by December 2013 (target)',
  'status': '',
  'progress': 'No longer an agreed action',
  'measure': 'Options agreed by December 2013',
  'target': '',
  'actual': '',
  'source': '004:118'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T21',
  'action': "Implement the recruitment strategy 'Changing Futures' for adoption including sustainability and post "
            'adoption work.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Green',
  'progress': 'Target achieved — For the period 1 April 2013 to 25 February 2014: 144 Adopter households have been '
              'approved 121 children have been adopted 148 children have been placed',
  'measure': '107 new families recruited 122 adoption orders made pa 13% of CIC are adopted in year 2013-14',
  'target': 122,
  'actual': 121,
  'source': '004:119'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T22',
  'action': 'Monitor placement drift through CIC review, supervision, and performance monitoring information and '
            'Children In Care panels and team, to track progress on care plan.',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'The monthly scorecard shows good progress in terms the length of CP plans and issues relating to '
              'placement stability. There remain some challenges around the review of CP cases within timescales '
              'which remain a focus for social care teams. — MIU are collating data for a scorecard for the '
              'Transformation Board which will include a number of the measures identified. Placement stability, '
              'number of moves and length of time in placement are both in the monthly scorecard and are national '
              'measures; MIU will continue to include them in the …',
  'measure': 'Reduce the average number of days spent in care – Ensuring that all looked after children have cogent '
             'care plans that are based on sound assessments and reviewed regularly to monitor progress in achieving '
             'An emphasis on securing placement stability, good education outcomes and promoting the emotional and '
             'physical health of looked after children – all of which are important factors that delay the …',
  'target': '',
  'actual': '',
  'source': '004:121'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T23',
  'action': 'Produce future service delivery options for Leaving Care Service (currently provided by Catch 22 under '
            'contract which ends in March 2014)',
  'owner': '',
  'due_date': '31/10/2014',
  'due_text': 'service in place October 14 (target)',
  'status': 'Green',
  'progress': 'Target achieved - to be implemented by 1st October 2014 — The following approach agreed: • Develop an '
              'Integrated 0-18 Children in Care Service • Develop an Integrated 18+ Care Leaver Service • '
              "Establishing an 'Other Arrangements' Accommodation and Support Service",
  'measure': 'Agreement of option in October 2013. Procurement and future service development November 2013 to '
             'October 14 when service will be in place.',
  'target': '',
  'actual': '',
  'source': '004:122'},
 {'plan': 'Commissioning plan 2013-14',
  'theme': '4. Good Care Planning to improve stability and reduce drift',
  'ref': 'T24',
  'action': 'Work with Adult Services to ensure clear pathways are in place for young people requiring services as '
            'adults (focusing on Disabled Children, Leaving Care and Mental Health).',
  'owner': '',
  'due_date': '',
  'due_text': '',
  'status': 'Amber',
  'progress': 'Work on-going under different stream, impacted by delay in publishing of the Care Act and Children '
              'and Families Act and associated guidance — This work has been subsumed into the SEND Transformation '
              'work stream under a lead officer.',
  'measure': 'Need to collate data on specialist residential placements for disabled children aged 14+, (profile of '
             'children, resources used and cost) to inform transition arrangements (Disabled Children). No '
             'established targets for Leaving Care or Mental Health currently.',
  'target': '',
  'actual': '',
  'source': '004:123'},
 {'plan': 'Ofsted action plan (extract)',
  'theme': 'Priority Area 5: Children in Need',
  'ref': '5.1',
  'action': 'Audit CIN cases to ensure that purposeful work is taking place and there are no unidentified risks. '
            'Audit all CIN cases through supervision process and through Area management oversight arrangements. '
            'Actions to ensure risks properly addressed identified and delivered (CP Plan 1.1)',
  'owner': 'All Area Managers (TM)',
  'due_date': '31/04/14',
  'due_text': 'Completed (February 2013) A further audit of all CIN cases is to take place for 3 consecutive months '
              'commencing in May 2014.',
  'status': '',
  'progress': 'An exercise under Liberi to check that every CIN case has an up to date plan that is reviewed within '
              'timescale will take place by 31/04/14.',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '000:114-130; 002:5062-5064'},
 {'plan': 'Ofsted action plan (extract)',
  'theme': 'Priority Area 5: Children in Need',
  'ref': '5.2',
  'action': 'Services to trace ck and report back to identify themes,',
  'owner': 'SCS DivMT',
  'due_date': '31/05/2014',
  'due_text': 'In place (May 2014)',
  'status': '',
  'progress': 'As above – themes emerging re being addressed within the new Practice Development Programme.',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '000:130'},
 {'plan': 'Ofsted action plan (extract)',
  'theme': 'Priority Area 8: Care Leavers',
  'ref': '8.24',
  'action': 'Establish joint protocol with KCC with regards to the circumstances under which B&B is accessed, (to '
            'include alert protocol for transfers made into 16+ where young person already in B&B). (CIC Plan 8.5)',
  'owner': 'Service manager, Catch 22',
  'due_date': '31.11.13',
  'due_text': 'Completed November 2013',
  'status': 'Completed',
  'progress': 'Emergency Placements Protocol discussed at Contract meeting 31.11.13.',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '000:322-323; 002:4091-4092'}]

CLOSED_SINCE_PREVIOUS = [{'plan': 'Ofsted action plan (extract)',
  'theme': 'Priority Area 8: Care Leavers',
  'ref': '8.22',
  'action': 'Assess all B&B to ensure that it provides safe care. (CIC Plan 8.3)',
  'owner': 'Catch 22, SUASC and CDS.',
  'due_date': '30/11/2013',
  'due_text': 'Completed.',
  'status': 'A',
  'progress': 'Catch22 have reported that all B&B accommodation where young people were currently placed had been '
              'reviewed. And no further placements will be made in B&B accommodation by KCC.',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '000:319',
  'previous_only': True},
 {'plan': 'Ofsted action plan (extract)',
  'theme': 'Priority Area 8: Care Leavers',
  'ref': '8.23',
  'action': 'All YP in B&B visited and YP Risk Assessments updated and suitable accommodation plan developed. (CIC '
            'Plan 8.4)',
  'owner': 'Service manager',
  'due_date': '31/08/2013',
  'due_text': 'Completed August 2013',
  'status': 'A',
  'progress': 'All B&B placements risk assessed and copies of those assessments requested by KCC for review. No BB '
              'placements for under 18 year olds made since July 13, as reported to Lead officer A in Dec. B&B post '
              '18 years being closely monitored via Contract Management meetings and is new KPI for C22 to report …',
  'measure': '',
  'target': '',
  'actual': '',
  'source': '000:320',
  'previous_only': True}]
