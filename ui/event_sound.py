"""An optional short sound with each answer at the door, for staff who look at the guest.

Off unless the event asks for it. Three sounds, one per colour of the result panel
(a rising tone for ok, two tones for a warning, one low tone for a refusal), so
the sound carries the same meaning as the text and icon. The WAVs are made by this
module (`python3 -m ui.event_sound` writes them into ui/sound_files/, a test checks
the packaged files are what it makes) and played with QtMultimedia's QSoundEffect;
without QtMultimedia the kiosk beeps instead.
"""
from __future__ import annotations

import io
import logging
import math
import struct
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
FOLDER = Path(__file__).with_name("sound_files")
RATE = 22_050
VOLUME = 0.5
#: Each colour's sound: (frequency in Hz, milliseconds) tones, 0 Hz is a pause.
TONES: dict[str, tuple[tuple[int, int], ...]] = {
    "ok": ((660, 70), (990, 110)),
    "warn": ((660, 90), (0, 60), (660, 90)),
    "bad": ((220, 320),),
}
FADE_MS = 8


def _samples(frequency: int, milliseconds: int) -> list[int]:
    """One tone with a short fade in and out, so it starts and stops without a click."""
    count, fade = RATE * milliseconds // 1000, RATE * FADE_MS // 1000
    out = []
    for n in range(count):
        envelope = min(1.0, n / fade, (count - n) / fade)
        value = math.sin(2 * math.pi * frequency * n / RATE) if frequency else 0.0
        out.append(int(32767 * VOLUME * envelope * value))
    return out


def make_wav(style: str) -> bytes:
    samples = [s for tone in TONES[style] for s in _samples(*tone)]
    data = io.BytesIO()
    with wave.open(data, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return data.getvalue()


def wav_path(style: str) -> Path:
    return FOLDER / f"{style}.wav"


class ResultSound(QObject):
    """Plays the sound of a result's colour when the event wants sounds."""

    #: The result code a sound was asked for (tests and a door log listen to it).
    requested = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.enabled = False
        self._effects: dict[str, QObject] | None = None

    def enable(self, on: bool) -> None:
        """Loaded when a door opens with sounds on, not on the first scan."""
        self.enabled = on
        if on and self._effects is None:
            self._effects = self._load()

    def _load(self) -> dict[str, QObject]:
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # a kiosk without QtMultimedia beeps
            log.info("QtMultimedia is missing; results beep instead")
            return {}
        effects: dict[str, QObject] = {}
        for style in TONES:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(wav_path(style))))
            effects[style] = effect
        return effects

    def play(self, style: str, code: str) -> None:
        if not self.enabled:
            return
        self.requested.emit(code)
        effect = (self._effects or {}).get(style)
        if effect is None:
            QApplication.beep()
        else:
            effect.play()


def main() -> None:
    """Write the packaged WAVs (run when the tones change)."""
    FOLDER.mkdir(exist_ok=True)
    for style in TONES:
        wav_path(style).write_bytes(make_wav(style))
        print(wav_path(style))


if __name__ == "__main__":
    main()
