"""DfE code sets shared by the SSDA903 return and the Standard Safeguarding Dataset."""
from __future__ import annotations

# The 903 / CIN census ethnicity codes with DfE's labels, in DfE's order (tables keep this order).
ETHNICITY: dict[str, str] = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "WIRT": "Traveller of Irish heritage",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other Mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Caribbean",
    "BAFR": "African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
NOT_RECORDED = "Not recorded"  # a blank ethnicity
ETHNICITY_ALIASES = {"CNHE": "CHNE"}  # the SSD specification's misprint of Chinese

# Reason for new episode (RNE / clae_cla_episode_start_reason): S starts a period of care.
REASON_NEW_EPISODE = ("S", "L", "P", "T", "U", "B")
STARTED_TO_BE_LOOKED_AFTER = "S"

# Missing module: M = missing from care (whereabouts unknown), A = away from placement without
# authorisation (whereabouts known). A blank type is counted as M.
MISSING_TYPES = ("M", "A")
MISSING_TYPE_ALIASES = {"missing": "M", "away": "A", "absent": "A"}


def ethnicity_label(code) -> str:
    """DfE's label for an ethnicity code; a blank one is 'Not recorded'."""
    if code is None or code != code or str(code).strip() == "":
        return NOT_RECORDED
    return ETHNICITY.get(str(code), str(code))
