"""The yearly nomination round (§ 5, R10). Services come with their issue part."""


def follow_decision(decision, by) -> None:
    """Receiver part of `item_decided` for a round's compiled list (to be built)."""
    return None
