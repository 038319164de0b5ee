// The catalogue of products and services, and quotes the customer answers online.
import type { ModuleDescriptor } from '../../platform/modules.js';
import { quoteRoutes } from './routes.js';
import { quoteSearch } from './search.js';

export const quotesModule: ModuleDescriptor = { name: 'quotes', routes: quoteRoutes, search: [quoteSearch] };
