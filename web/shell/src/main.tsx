import { render } from 'preact';
import { App } from './app';
import { reportShellOpened } from './funnel';
import './styles.css';

render(<App />, document.getElementById('app')!);
reportShellOpened();
