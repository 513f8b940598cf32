import { Link } from '../lib/router';

export function NotFound() {
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the overview</Link>
      </p>
    </div>
  );
}
