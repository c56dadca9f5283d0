"""Injected latency and faults, drawn from a seeded generator so a run can be repeated."""
import random
import threading

ALL_KINDS = ("429", "429-no-retry-after", "429-bad-retry-after", "500", "502", "503", "504", "drop",
             "create-400", "write-drop")
WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")
GUEST_COUNT_FORMS = ("text", "json-number", "json-object")
BAD_RETRY_AFTER = "rand(30),add(30)"  # Seen in the wild.


class FaultPlan:
    """Current fault and latency settings; thread-safe."""

    def __init__(self, rate: float = 0.0, kinds=None, seed: int = 0, retry_after: int = 1,
                 latency_ms: float = 0.0, latency_jitter_ms: float = 0.0, guest_count_form: str = "text"):
        self._lock = threading.Lock()
        self.configure({"rate": rate, "kinds": kinds, "seed": seed, "retry_after": retry_after,
                        "latency_ms": latency_ms, "latency_jitter_ms": latency_jitter_ms,
                        "guest_count_form": guest_count_form}, full=True)

    def configure(self, settings: dict, full: bool = False) -> None:
        """Apply settings; keys left out keep their value unless `full`. Raises ValueError on bad input."""
        unknown = set(settings) - {"rate", "kinds", "seed", "retry_after", "latency_ms", "latency_jitter_ms",
                                   "guest_count_form"}
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        kinds = settings.get("kinds")
        if isinstance(kinds, str):
            kinds = [k for k in kinds.split(",") if k]
        if kinds and set(kinds) - set(ALL_KINDS):
            raise ValueError(f"unknown fault kinds: {sorted(set(kinds) - set(ALL_KINDS))}")
        rate = float(settings.get("rate", 0.0 if full else self.rate))
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        form = settings.get("guest_count_form", "text" if full else self.guest_count_form)
        if form not in GUEST_COUNT_FORMS:
            raise ValueError(f"guest_count_form must be one of {GUEST_COUNT_FORMS}")
        with self._lock:
            self.rate = rate
            if full or "kinds" in settings:
                self.kinds = tuple(kinds) if kinds else ALL_KINDS
            if full or "seed" in settings:
                self.seed = int(settings.get("seed") or 0)
                self._fault_rng = random.Random(self.seed)
                self._latency_rng = random.Random(self.seed + 1)  # Latency draws do not shift the fault sequence.
            self.retry_after = int(settings.get("retry_after", 1 if full else self.retry_after))
            self.latency_ms = float(settings.get("latency_ms", 0.0 if full else self.latency_ms))
            self.latency_jitter_ms = float(settings.get("latency_jitter_ms", 0.0 if full else self.latency_jitter_ms))
            self.guest_count_form = form

    def describe(self) -> dict:
        """Current settings, as PUT /_emulator/faults takes them."""
        return {"rate": self.rate, "kinds": list(self.kinds), "seed": self.seed, "retry_after": self.retry_after,
                "latency_ms": self.latency_ms, "latency_jitter_ms": self.latency_jitter_ms,
                "guest_count_form": self.guest_count_form}

    def delay_seconds(self) -> float:
        """How long to hold this request: fixed latency plus normal jitter, never negative."""
        if not self.latency_ms and not self.latency_jitter_ms:
            return 0.0
        with self._lock:
            jitter = self._latency_rng.gauss(0.0, self.latency_jitter_ms) if self.latency_jitter_ms else 0.0
        return max(0.0, self.latency_ms + jitter) / 1000.0

    def pick(self, method: str, is_person_create: bool):
        """The fault for this request, or None; only kinds that fit the request are drawn."""
        if self.rate <= 0.0:
            return None
        fitting = [k for k in self.kinds if _fits(k, method, is_person_create)]
        with self._lock:
            hit = self._fault_rng.random() < self.rate
            if not hit or not fitting:
                return None
            return self._fault_rng.choice(fitting)


def _fits(kind: str, method: str, is_person_create: bool) -> bool:
    """create-400 only on POST /people; write-drop only on writes."""
    if kind == "create-400":
        return is_person_create
    if kind == "write-drop":
        return method in WRITE_METHODS
    return True
