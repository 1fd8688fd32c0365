"""Open interfaces: an OpenAI-compatible chat API and an MCP server over the `Assistant` facade.

`server.build_server(...)` puts them on one ASGI app (with the Gradio chat mounted at "/" by
`assistant serve`); `mcp_server.run_stdio(...)` serves MCP over stdio (`assistant mcp`).
"""
