import { render } from 'preact';
import { App } from './app';
import { reportFunnelStep } from './funnel';
import './styles.css';

reportFunnelStep('shell-opened');
render(<App />, document.getElementById('app')!);
