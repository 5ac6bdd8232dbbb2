import type { INestApplication } from '@nestjs/common';
import { Clock } from '../../src/platform/time/clock';

/** Makes the app's Clock movable: returns a function that moves it forward by `ms` (time passes as usual too). */
export function movableClock(app: INestApplication): (ms: number) => void {
  const clock = app.get(Clock);
  let offsetMs = 0;
  clock.now = () => new Date(Date.now() + offsetMs);
  return (ms) => {
    offsetMs += ms;
  };
}
