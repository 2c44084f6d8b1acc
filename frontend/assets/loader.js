// Starts the right bundle for this address. Public pages (home, procedures, tracking —
// what a citizen opens from a search or a receipt's QR code) get the small first-load
// bundle; pages that need an account get the full app. Keep FULL_APP in step with
// `Route::is_public` in src/app.rs. frontend/build fills in the hashed file names.
const FULL_APP = /^\/(dang-nhap|nop-ho-so|ho-so-cua-toi)(\/|$)/;
const [js, wasm] = FULL_APP.test(location.pathname)
  ? ['/{{FULL_JS}}', '/{{FULL_WASM}}']
  : ['/{{LIGHT_JS}}', '/{{LIGHT_WASM}}'];
// Start the .wasm download now rather than after the glue script has loaded.
const preload = document.createElement('link');
preload.rel = 'preload';
preload.as = 'fetch';
preload.type = 'application/wasm';
preload.crossOrigin = '';
preload.href = wasm;
document.head.append(preload);
import(js);
