from panelbook.params import StrictModel


class Params(StrictModel):
    order: list[str] = []
