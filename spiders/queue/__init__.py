"""Scale-out: the Redis frontier with acknowledgements (``reliable``) and shared runs
(``distributed``).
"""
