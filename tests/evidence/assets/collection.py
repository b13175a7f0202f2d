"""Collection metadata as a documenter enters it at upload, for the page and the API alike."""

COLLECTION = {
    "collected_by": "Viasna volunteer V-12",
    "collected_at": "2020-08-12",
    "collected_from": "Okrestina detention centre, Minsk",
    "method": "handed over by the witness on a USB stick",
    "tool": "FTK Imager",
    "tool_version": "4.7.1",
    "notes": "Phone video, shot from the courtyard.\nAudio partly inaudible.",
}
