/**
 * Builds the portable type registry of runtime metadata V14 (scale-info's `PortableRegistry`): each
 * `add…` returns the type's id. Anonymous structural types (primitives, compacts, sequences, arrays,
 * tuples) are shared, so the same shape never gets two ids.
 */
export type Primitive =
  'Bool' | 'Char' | 'Str' | 'U8' | 'U16' | 'U32' | 'U64' | 'U128' | 'U256' | 'I8' | 'I32' | 'I64';

export interface FieldSpec {
  name?: string;
  type: number;
  typeName?: string;
}

export interface VariantSpec {
  name: string;
  index: number;
  fields?: FieldSpec[];
  docs?: string[];
}

interface FieldJson {
  name: string | null;
  type: number;
  typeName: string | null;
  docs: string[];
}

export interface PortableTypeJson {
  id: number;
  type: {
    path: string[];
    params: { name: string; type: number | null }[];
    def: Record<string, unknown>;
    docs: string[];
  };
}

function fields(list: FieldSpec[]): FieldJson[] {
  return list.map((f) => ({ name: f.name ?? null, type: f.type, typeName: f.typeName ?? null, docs: [] }));
}

export class TypeBuilder {
  readonly types: PortableTypeJson[] = [];
  private readonly shared = new Map<string, number>();

  private push(
    def: Record<string, unknown>,
    path: string[] = [],
    params: PortableTypeJson['type']['params'] = [],
  ) {
    const id = this.types.length;
    this.types.push({ id, type: { path, params, def, docs: [] } });
    return id;
  }

  private sharedType(key: string, def: Record<string, unknown>): number {
    const known = this.shared.get(key);
    if (known !== undefined) return known;
    const id = this.push(def);
    this.shared.set(key, id);
    return id;
  }

  primitive(p: Primitive): number {
    return this.sharedType(`prim:${p}`, { primitive: p });
  }

  compact(type: number): number {
    return this.sharedType(`compact:${type}`, { compact: { type } });
  }

  sequence(type: number): number {
    return this.sharedType(`seq:${type}`, { sequence: { type } });
  }

  array(len: number, type: number): number {
    return this.sharedType(`array:${len}:${type}`, { array: { len, type } });
  }

  tuple(types: number[]): number {
    return this.sharedType(`tuple:${types.join(',')}`, { tuple: types });
  }

  bytes(): number {
    return this.sequence(this.primitive('U8'));
  }

  /** A named struct (`path` as the Rust type path); unnamed fields make a tuple struct. */
  composite(path: string[], fieldList: FieldSpec[], params: PortableTypeJson['type']['params'] = []): number {
    return this.push({ composite: { fields: fields(fieldList) } }, path, params);
  }

  /** A named enum. */
  variant(path: string[], variants: VariantSpec[], params: PortableTypeJson['type']['params'] = []): number {
    return this.push(
      {
        variant: {
          variants: variants.map((v) => ({
            name: v.name,
            fields: fields(v.fields ?? []),
            index: v.index,
            docs: v.docs ?? [],
          })),
        },
      },
      path,
      params,
    );
  }

  /** A named enum whose variants are numbered in order. */
  enumOf(
    path: string[],
    variants: (string | Omit<VariantSpec, 'index'>)[],
    params: PortableTypeJson['type']['params'] = [],
  ) {
    return this.variant(
      path,
      variants.map((v, index) => (typeof v === 'string' ? { name: v, index } : { ...v, index })),
      params,
    );
  }

  option(type: number): number {
    const key = `option:${type}`;
    const known = this.shared.get(key);
    if (known !== undefined) return known;
    const id = this.variant(
      ['Option'],
      [
        { name: 'None', index: 0 },
        { name: 'Some', index: 1, fields: [{ type }] },
      ],
      [{ name: 'T', type }],
    );
    this.shared.set(key, id);
    return id;
  }
}
