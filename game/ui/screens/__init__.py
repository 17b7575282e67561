"""The player's screens: title, picker, content notes, story, pause, break, settings, history, ending, debrief."""
