import { useEffect, useState } from 'preact/hooks';
import { session } from './api';
import { navigate, useRoute } from './router';
import { Discover } from './views/discover';
import { MiniAppView } from './views/mini-app';
import { PrivacyView } from './views/privacy';
import { SettingsView } from './views/settings';
import { SignIn } from './views/sign-in';
import { HelpLinks } from './ui/help-links';
import { TopBar } from './views/top-bar';

export function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(session.signedIn);
  useEffect(() => session.onChange(() => setSignedIn(session.signedIn)), []);

  if (!signedIn)
    return (
      <>
        <SignIn mode={route.name === 'sign-up' ? 'sign-up' : 'sign-in'} onDone={() => navigate({ name: 'discover' })} />
        <HelpLinks />
      </>
    );
  if (route.name === 'app') return <MiniAppView key={route.slug} slug={route.slug} />;
  return (
    <>
      <TopBar />
      <main id="main">
        {route.name === 'settings' ? (
          <SettingsView slug={route.slug} />
        ) : route.name === 'privacy' ? (
          <PrivacyView />
        ) : (
          <Discover />
        )}
      </main>
      <HelpLinks />
    </>
  );
}
