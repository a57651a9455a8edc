/**
 * The shape of a CloudFormation template, as CDK synthesizes it or a person writes it.
 * Values are kept as written (intrinsic functions in their long form); the intrinsics module
 * resolves them at deploy time.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html

/** Any value a template may hold: JSON data, with intrinsic functions as one-key objects. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | TemplateValue[]
  | { [key: string]: TemplateValue };

/** An object of template values (the `Properties` of a resource, the `Metadata`, ...). */
export type TemplateObject = { [key: string]: TemplateValue };

/** One entry of the `Resources` section. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: TemplateObject;
  readonly DependsOn?: string | string[];
  /** The name of a condition of the `Conditions` section; the resource exists only when it is true. */
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly CreationPolicy?: TemplateObject;
  readonly UpdatePolicy?: TemplateObject;
  readonly Metadata?: TemplateObject;
}

/** One entry of the `Parameters` section. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
export interface TemplateParameter {
  /** `String`, `Number`, `List<Number>`, `CommaDelimitedList`, an AWS-specific type or `AWS::SSM::Parameter::Value<...>`. */
  readonly Type: string;
  readonly Default?: string | number | boolean;
  readonly AllowedValues?: (string | number | boolean)[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly Description?: string;
  readonly NoEcho?: boolean | string;
}

/** One entry of the `Outputs` section. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html
export interface TemplateOutput {
  readonly Value: TemplateValue;
  readonly Description?: TemplateValue;
  readonly Export?: { readonly Name: TemplateValue };
  readonly Condition?: string;
}

/** `Mappings`: map name, then top-level key, then second-level key. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/mappings-section-structure.html
export type TemplateMappings = Record<string, Record<string, Record<string, TemplateValue>>>;

/** A whole template. Only `Resources` is required. */
export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Metadata?: TemplateObject;
  /** Macros such as `AWS::Serverless-2016-10-31`; the offline cloud does not run them. */
  readonly Transform?: TemplateValue;
  readonly Parameters?: Record<string, TemplateParameter>;
  /** Parameter checks such as CDK's `CheckBootstrapVersion`; not evaluated by the offline cloud. */
  readonly Rules?: TemplateObject;
  readonly Mappings?: TemplateMappings;
  /** Condition name to a condition function (`Fn::Equals`, `Fn::And`, ...). */
  readonly Conditions?: Record<string, TemplateValue>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, TemplateOutput>;
}

/** True for a JSON object (not an array, not null). */
export function isTemplateObject(value: unknown): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
