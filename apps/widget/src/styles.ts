// The widget's own styles, scoped by the shadow root.
export const styles = `
:host { all: initial; --accent: #0b7285; --on-accent: #fff; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.bubble { position: fixed; right: 20px; bottom: 20px; width: 60px; height: 60px; border-radius: 50%; border: 0; background: var(--accent); color: var(--on-accent); cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); display: flex; align-items: center; justify-content: center; z-index: 2147483000; }
.bubble:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #ffd43b; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 20px; width: 360px; max-width: calc(100vw - 24px); height: 540px; max-height: calc(100vh - 40px); background: #fff; color: #212529; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.3); display: flex; flex-direction: column; overflow: hidden; z-index: 2147483000; font-size: 14px; }
:host([data-position="left"]) .bubble, :host([data-position="left"]) .panel { right: auto; left: 20px; }
.greeting { font-weight: 600; }
.whatsapp { display: block; text-align: center; padding: 9px 14px; border-radius: 8px; border: 1px solid #1f7a3f; color: #14532d; font-weight: 600; text-decoration: none; }
.panel[hidden], .bubble[hidden], [hidden] { display: none !important; }
header { background: var(--accent); color: var(--on-accent); padding: 12px 14px; display: flex; justify-content: space-between; align-items: flex-start; gap: 8px; }
header .title { font-size: 16px; display: block; }
.status { margin: 4px 0 0; font-size: 12px; opacity: .9; }
.status.online::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #69db7c; margin-right: 6px; }
.close { background: transparent; border: 0; color: var(--on-accent); font-size: 24px; line-height: 1; cursor: pointer; }
.notice { margin: 0; padding: 8px 14px; background: #fff3bf; font-size: 13px; }
.body { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.prechat { padding: 16px; display: flex; flex-direction: column; gap: 12px; }
.prechat p { margin: 0; }
.attach { background: none; border: 0; font-size: 18px; cursor: pointer; padding: 4px; }
.file { color: inherit; text-decoration: underline; font-size: 13px; }
.survey { display: inline-block; margin-top: 6px; padding: 6px 10px; border-radius: 6px; background: var(--accent, #2563eb); color: #fff; text-decoration: none; font-weight: 600; font-size: 13px; }
.thumb { max-width: 200px; max-height: 200px; border-radius: 8px; display: block; }
.link { background: none; border: 0; color: #666; font-size: 12px; text-decoration: underline; cursor: pointer; padding: 4px 12px 8px; text-align: left; }
.typing { font-size: 12px; color: #666; font-style: italic; padding: 2px 4px; }
.prechat .fine { font-size: 12px; color: #666; }
.prechat .fine a { color: inherit; }
.help { display: flex; flex-direction: column; gap: 6px; padding-bottom: 10px; border-bottom: 1px solid #e9ecef; }
.help-results { display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
.help-results a { color: #0b7285; }
label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: 13px; }
input, textarea { font: inherit; font-weight: 400; padding: 8px 10px; border: 1px solid #ced4da; border-radius: 8px; width: 100%; }
textarea { resize: none; }
.primary { background: var(--accent); color: var(--on-accent); border: 0; border-radius: 8px; padding: 9px 14px; font: inherit; font-weight: 600; cursor: pointer; }
.primary:disabled { opacity: .6; }
.error { color: #c92a2a; margin: 0; }
.messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f8f9fa; }
.message { max-width: 80%; padding: 8px 10px; border-radius: 12px; display: flex; flex-direction: column; gap: 2px; white-space: pre-wrap; word-wrap: break-word; }
.message.mine { align-self: flex-end; background: var(--accent); color: var(--on-accent); border-bottom-right-radius: 4px; }
.message.theirs { align-self: flex-start; background: #fff; border: 1px solid #dee2e6; border-bottom-left-radius: 4px; }
.message.pending { opacity: .7; cursor: pointer; }
.author, .state { font-size: 11px; opacity: .8; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #dee2e6; align-items: flex-end; }
@media (max-width: 480px) { .panel, :host([data-position="left"]) .panel { right: 0; left: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh; max-height: 100vh; border-radius: 0; } }
`;
