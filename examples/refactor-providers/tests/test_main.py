from llm_router.main import main, run_repl


def test_list_models(config_file, capsys):
    assert main(["--config", str(config_file), "--list-models"]) == 0
    out = capsys.readouterr().out
    assert "openai/gpt-4o-mini-2024-07-18 (mini)" in out


def test_bad_start_model_exits_with_2(config_file, capsys):
    assert main(["--config", str(config_file), "--model", "ghost", "--list-models"]) == 2
    assert "Invalid model: ghost" in capsys.readouterr().err


def test_run_repl_stops_on_quit(api):
    from llm_router.commands import CommandHandler

    lines = iter(["/model 4o", "/quit", "never read"])
    written: list[str] = []
    assert run_repl(CommandHandler(api), read=lambda prompt: next(lines), write=written.append) == 0
    assert written == ["Model set to gpt-4o-2024-08-06 (OpenAI)"]
