"""The computed answer routes (see `assistant.answer.router`)."""
