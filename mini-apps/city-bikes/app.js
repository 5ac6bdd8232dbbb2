// City Bikes: a sample mini-app. Everything outside its own page goes through window.superapp:
// the position (scope `location`), the name (scope `user.profile`), its backend (superapp.request,
// to a domain of its manifest) and its own storage. It has no network of its own.
const backend = window.CITY_BIKES_BACKEND;
const $ = (id) => document.getElementById(id);
let favourite = null;

function say(text) {
  $('status').textContent = text;
}

function explain(error) {
  if (error.code === 'PERMISSION_DENIED')
    return 'City Bikes needs your permission for that; you can change it in the menu.';
  if (error.code === 'USER_CANCELLED') return 'Cancelled.';
  return 'Something went wrong (' + (error.code || 'error') + '). Try again.';
}

function render(stations) {
  const list = $('stations');
  list.replaceChildren();
  for (const station of stations) {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.textContent =
      station.name + ' (' + station.bikes + (station.bikes === 1 ? ' bike, ' : ' bikes, ') + station.metres + ' m)';
    const star = document.createElement('button');
    star.type = 'button';
    star.className = 'star';
    star.dataset.station = station.id;
    star.setAttribute('aria-label', 'Favourite ' + station.name);
    star.addEventListener('click', () => choose(station.id));
    item.append(name, star);
    list.append(item);
  }
  showFavourite();
}

// Updates the stars in place, so the focus stays on the one just pressed.
function showFavourite() {
  for (const star of document.querySelectorAll('.star')) {
    const isFavourite = favourite === star.dataset.station;
    star.textContent = isFavourite ? '★' : '☆';
    star.setAttribute('aria-pressed', String(isFavourite));
  }
}

async function choose(stationId) {
  const previous = favourite;
  favourite = favourite === stationId ? null : stationId;
  showFavourite();
  try {
    if (favourite) await superapp.storage.set('favourite', favourite);
    else await superapp.storage.remove('favourite');
  } catch (error) {
    favourite = previous;
    showFavourite();
    say(explain(error));
  }
}

async function findStations() {
  say('Finding stations…');
  try {
    const here = await superapp.getLocation();
    const response = await superapp.request({
      url: backend + '/stations?near=' + here.latitude + ',' + here.longitude,
    });
    if (response.status !== 200) return say('The stations could not be loaded (' + response.status + ').');
    const stations = JSON.parse(response.body).stations;
    render(stations);
    say(stations.length + ' stations near you.');
  } catch (error) {
    say(explain(error));
  }
}

async function greet() {
  try {
    const profile = await superapp.getUserProfile();
    $('greeting').textContent = 'Hello, ' + profile.displayName + '!';
  } catch (error) {
    say(explain(error));
  }
}

// Tells the backend who this is: a one-time code it exchanges, server to server, for the user's openid.
async function signIn() {
  const { code } = await superapp.login();
  const response = await superapp.request({
    url: backend + '/session',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (response.status === 200) document.body.dataset.signedIn = 'true';
}

$('find').addEventListener('click', findStations);
$('greet').addEventListener('click', greet);
superapp.storage.get('favourite').then(
  (saved) => (favourite = saved),
  () => undefined,
);
signIn().catch(() => say('Could not sign in to City Bikes; stations still work.'));
// Usable now: the shell times the launch up to this call.
superapp.reportLoadTime();
