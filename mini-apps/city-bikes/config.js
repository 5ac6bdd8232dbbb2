// Where this mini-app's backend runs: one of the manifest's `domains`, reached only through superapp.request().
window.CITY_BIKES_BACKEND = 'http://127.0.0.1:8787';
