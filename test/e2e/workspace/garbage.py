# Garbage for the end-to-end tests: the server must stay up and answer after reading this file.
@      yield class x -> ) self. } 0x , -> 1e await { -> def lambda λ
nn.Conv2d( 1e self. [ : forward : :

def lambda lambda self. self. ' \ torch.randn( await lambda nn.Conv2d( torch.randn( 1e # class 0x λ self. = @ [ 	 # def 	 [ #
# , \ nn.Conv2d( , , nn.Conv2d( ) @ class     
… class λ 0x 1e def forward ( nn.Conv2d( torch.randn( } -> x      import      yield @ x { 0x ' ( 😀 ] lambda 	
0x = 	 """ await ] # \ # nn.Conv2d( ] = # , self. )
await …
->
     @ x λ = ) ( ; 	 lambda : : λ { self. 😀 0x = ) λ ' = x
self. yield x ; \ , """ ' , … = } 1e await nn.Conv2d( ; 	 nn.Conv2d( ] ; """ import import 0x [      ( # 0x
""" ; @ ' 	 nn.Conv2d( def , @ \ """ x ' import           """
     λ      nn.Conv2d( forward 0x 	 yield = yield self. torch.randn( 0x , ' ] λ self. yield λ
""" class torch.randn( self. forward nn.Conv2d( ** nn.Conv2d( (
** self. ) : } \ nn.Conv2d( , torch.randn( ( λ x      1e [
lambda -> 0x def      … """ λ } 0x ( # { ' await import 	 '
     : λ λ await 0x x = self. 1e , torch.randn( : ]      def 1e { \ await = \ 1e 😀 😀 ** ; ' , 1e
self. @ # ; @ λ class \ # ; ' =
class } forward -> ' ( : … def , await """ -> , (
; """ = ' ' ; ,
} class : # ' await 	 ' yield class x      0x : ( def
x { await torch.randn( def 😀 😀 ,
1e , … torch.randn( ' x [ # def 😀 ' , # = self. , ; 	 await = 😀 await ) [ ** """ ]
[ class 	 😀 [ … ; ) } } ** } : ' forward = nn.Conv2d( nn.Conv2d( λ self. [ lambda ( { 1e
[ """ ) } … : def 😀 ] \ ; ;      0x ) : ' = import ' ** @ [
-> @ ' yield : -> 0x x 1e nn.Conv2d( : class 	 ] ( ] }
x -> 1e x , \ { yield class await 1e ) = 😀 ** }
; lambda
1e      -> '
     1e 1e :      ' 😀 0x yield (
lambda nn.Conv2d( … [ { ( ( nn.Conv2d( torch.randn( torch.randn( ( ; ,      def 😀 , #
😀 \ x x { torch.randn( = self. [ 0x 1e , = @ } """ self. ' -> ( , (      0x \ ) class x
= } \ ' x -> self. ( torch.randn( class ** ] … 0x #
x 0x ' [ x
-> nn.Conv2d( lambda ( 😀
""" def x ) forward λ self. ( ( yield      { [ -> ; ] , ) -> ) ; … )
@
λ forward # ) ( torch.randn( nn.Conv2d( import … torch.randn( await ** ] \ { ] await self. [ lambda class forward await      ; 😀
1e yield : def # forward ** } : # , ] @ … \ : : await
, ->
] 😀 -> """ ) ; -> ) torch.randn( ' 0x { [ λ \ 1e def ' : class forward =
class ) 😀 """ { 1e : \ [ # self. : @ ; \ ' ( [ await class class } ) :      😀
@ class ** yield 😀 : 0x torch.randn( 	      def self. self. { """ yield self. = forward 😀 😀 } 	 \ forward ** x
😀 self. forward ) self. await , ; def { : λ ) lambda def ( -> ,     
x lambda torch.randn( """ torch.randn( # yield      -> 0x      ->
) ; …      = = -> ; 1e ( { self. … { ' torch.randn( \ , , await ] torch.randn( 1e def { import
nn.Conv2d( 1e class \ class # import 1e import , await … forward ) await = λ 0x class
yield lambda ' ' [ class ]      λ # def """ -> [ ( ] #      lambda , yield
} ->
await 😀 … def 1e 1e nn.Conv2d( yield lambda \
\ { 0x -> { lambda ' # """ [ self. [
λ nn.Conv2d( ** [ await λ λ ** 😀 , yield -> # λ """ ] 	 nn.Conv2d( λ class
} ' nn.Conv2d( 😀
\ { 	 [ ) ;
yield [ \ torch.randn(
x 1e ** , { def torch.randn( self. } ] 	 = 0x { forward \ nn.Conv2d( { 0x { [ torch.randn( lambda \ 0x nn.Conv2d( x
] -> … await x 1e def } 0x : def ; 1e 	 [ ; ' class } ,      torch.randn( 	 1e = ' ; ]
} ' λ 	 [ yield 😀 ) ** λ -> """ [ = """ { , 😀
await 1e -> ] forward
: ] def = 0x class class @ x 1e yield
) lambda
forward def , yield ] """
, import class ) self. … import 😀 ( lambda class λ λ 😀 1e def self. 	 =
torch.randn( 😀 [ 0x lambda … λ torch.randn( """
, 0x ' def
} self. x [ [ 1e ( λ = torch.randn( class ; \ x : x -> [ 0x class def
😀 ] """ : 0x
lambda = ' yield ] ' } { … 0x
0x , forward -> : @ class await def
1e : -> , ) def def lambda λ ** import -> # ) import -> ( 1e      class # forward forward
} 0x yield
1e 1e # self. [ forward ) lambda
1e { import # 0x λ : x      [ ; def lambda x ( )
] } 	 = 0x 	 @ """ , = } @ @ class @ 1e self. -> @ forward nn.Conv2d( : )
     } def x ( ; ( class λ } λ yield forward ** await } [ ] ( [ x # yield await [ """ } …
# @ x # # def \ yield ; x 1e = lambda @ \ lambda x ] =      ] 😀 forward yield
… nn.Conv2d( torch.randn( : ; self. import forward      class = 😀 """ ; import await lambda -> self. λ
@ \ ' { torch.randn( @ 😀      yield @ ; ] } } 	 { {
' nn.Conv2d( ) await 1e nn.Conv2d( 	 @ { λ 	 { # [ ' 	 λ λ [ [ # [ nn.Conv2d( ( { import λ
x λ [
λ class await ' { import \
0x [ x 1e { self. -> } await { ] await 1e 😀 } """ # x 😀 ( lambda import : 1e nn.Conv2d( torch.randn( \ yield [
# ) x #
import @ ' self. @ x , … { : torch.randn( x { forward
: -> self. ] forward @ x
self. , { # @      ) await } lambda class 	 , ; yield ' 	 ) ' : yield λ ' λ 0x : '
torch.randn( ( def ; self. # λ ' λ x 	 yield import \ def self. ; def await ,
x 0x ( ** await def , } torch.randn( self. self. import -> … { 1e λ ** """ def lambda -> [ import
😀 # ** { 0x forward ) @ yield def =
) x def torch.randn( torch.randn( { nn.Conv2d( x forward , , ' yield
class x
lambda class forward import torch.randn( [ 	 torch.randn( { await 0x ] nn.Conv2d( ** … def ( 😀 ) # torch.randn( 1e … self. } 1e
torch.randn( lambda : … forward = λ class """ x yield torch.randn( """ ] ** 😀 λ forward torch.randn( torch.randn( \ @
( torch.randn( await self. 0x { 😀 0x = ' nn.Conv2d( def await = 😀 { def x \ ] ; =
def ) 0x , @ forward 	 await λ self. …
forward class ** , ' { import [ await , ** ] \
] \ λ
\      ( # }
yield ] ] ( ; import , lambda forward # = 😀 """ forward [ yield -> ' ] # [ 1e ' λ { self.      😀 ]
lambda      { x \ { ; \ ( forward
) ** ' # @ x import yield      import import ] import forward λ torch.randn( … 😀 } : [ forward
( # 0x λ { nn.Conv2d( def forward = #
{
) [ ] ' ' ' 😀 ** ( 😀 x ' self. 	 yield import … x
x ( nn.Conv2d( 0x , \ ] } forward """ 0x 	 } 1e … forward @ : =
await x      """ nn.Conv2d( nn.Conv2d( λ def … \ @ torch.randn( = 😀 yield x } ' 1e ( torch.randn( torch.randn( …
; import class } # { 	
     self. def ( torch.randn( ; ( """ , yield
( ** 	 \ ** 0x
class ( } torch.randn( { # } -> [ }      	 @ λ
""" # [ … nn.Conv2d(
; def # , ** ) lambda
{ ' ; ( @ def x = } ] -> \
-> ; def def \ yield …      \ """ lambda
' forward = def torch.randn( ** def # ] ** -> lambda 1e lambda ' : lambda self. } ; ** forward # @ ] nn.Conv2d( x
await {      , yield def # def self. self. # 1e """ , 	 : torch.randn( forward torch.randn( { class ; nn.Conv2d( ' await

""" self. """ … """ ]
     # } -> class ** """ 1e forward @ [ , … ; = … , await ) …
( torch.randn( import @ 	 import nn.Conv2d( 0x 😀 self. 1e ** ) ' ** λ ; , yield
nn.Conv2d( x , ; forward -> -> \ ** = ] } forward x await def = def ; : } ( [ 😀 forward nn.Conv2d( }
class 	 😀 await yield 	 ** self. ; import ; \ ) \ def ; ( lambda torch.randn( @ """ # ** ->
[ ; , ** 	 λ @ lambda 0x 😀 def \ } =
\ ' ->      -> ' {
, @ } await yield """ ( = { { forward # = await ** \ \ nn.Conv2d( ( 😀
😀 1e def } @ yield … ] { def \ # x : = 0x # """ ] 😀 😀 yield def x , # , {
yield [ -> 😀 } { -> import 1e
torch.randn( , yield yield 0x torch.randn( = class class } … λ def x 	 **
\ ; @ lambda ** ; , @ [ """ ] ' 😀 ( x ) nn.Conv2d( ) ** 😀 yield = lambda      -> [ yield 😀
** forward ; : forward
self. 0x , } x # [ x \ 0x -> [ import """ 0x # yield (      0x      self. ** 1e yield λ 0x """ λ λ
** nn.Conv2d( class 	 ( { torch.randn( 😀 yield , } 😀 torch.randn( 0x ** … } ( 1e \ **      self. λ 	 """
# ; \ self. ** ( x \ ** ] ;      # ] # = 	 import ; self. , torch.randn( … forward """ class
torch.randn( { λ self. import class 	 @ class class      😀 } yield ** nn.Conv2d( \ ' lambda … self. : , ' …
x \ @ \ 	 ( ' … , -> @ [ { ] { λ { 0x : ; λ ( ,
0x \ @ } yield torch.randn( } ; : [      ' : ** ) 1e } : forward
[ lambda forward [ """ def { yield lambda ** 😀 import ; # } ** : ; 0x ; class : λ """
( 1e ( λ
     x , ; λ
** \      , 😀 } class await class torch.randn( await forward : 	 \ λ ] 	 """ 1e [ } [ [ [ import
[ torch.randn( ; 😀
     1e -> 0x torch.randn( torch.randn( ] # """ ( λ 1e ** \ : = def torch.randn( forward torch.randn( ) def 0x @
; ; [ forward [ \ nn.Conv2d( yield ( [ class \ { } ,
def await -> x class -> 1e      } ( } torch.randn( , \ """ ** 0x x lambda -> torch.randn( nn.Conv2d( torch.randn( } 1e , class
""" , lambda def ** class await 😀 = = 1e @ nn.Conv2d( 	 await { \ @ torch.randn( 0x await
0x nn.Conv2d( 😀 self. ; -> 	 ) self. yield ' @ = } forward [ } yield : @ 0x
) forward ** , ** x nn.Conv2d( await
@ 0x torch.randn( 😀 class
"""
λ ** 0x } def x \ import } 	
x ; 1e ] # ; lambda 😀 @ ( [ 0x 	 😀 0x @ torch.randn( { @ : @ = ] torch.randn( ]
0x [ : @ """
😀 } 1e ' … forward 😀 -> ] : lambda 0x ** import -> """ 1e self. x     
1e : """      ] import 	 self. … [ 1e } '
class await ; import torch.randn(

; [ 	 	 self. -> forward def # self. , { λ     
0x await = @ -> -> nn.Conv2d( = nn.Conv2d( @ 😀 ; forward -> nn.Conv2d( λ yield ( = nn.Conv2d( 0x torch.randn( def ' lambda … def :
forward @ = ] x 	 self. [ await lambda forward torch.randn(      ; x [ = """ [ =
{ ]
@ 😀 x ** ** , 😀 ; [ … x # \ -> , def : class """      [
1e ** x ] ; -> 	 😀 … lambda nn.Conv2d(      \ **
torch.randn( ; yield [ \ await 😀 await ' = await @      @ 0x 0x torch.randn( ) 1e : 1e # self. def 	 \ : : 	
-> 	 … -> -> # ; : yield lambda … } =
import # 😀 ( ] """ 	 = 😀 lambda class , 	 = yield 0x … ( self. ' # forward
class nn.Conv2d(
{ ] class ( 	 😀 forward await """ import 0x … λ ( """ { self. torch.randn(
import      class lambda = ] torch.randn( @ : # 1e '
forward
nn.Conv2d( : ' :      -> torch.randn( forward self. -> ; ; import : ** ** = # await import ** \ await 😀 yield nn.Conv2d( (
nn.Conv2d( # ; x ) """ """ ; # ) def ] ** torch.randn( torch.randn( ; """ lambda self. ** torch.randn( 	 nn.Conv2d( … x class      nn.Conv2d(
self.      …
λ -> yield def x
-> λ [ [ = lambda : 😀
… 😀 x = nn.Conv2d( forward
	 def """ """ # 😀 { ) await      ' 	 ] } = await      , ' lambda
( 😀
-> import nn.Conv2d( 	 } class

)     
@ λ # } def 😀 import 	 ) await def class # 0x nn.Conv2d( λ      \      } ->      self. 😀 torch.randn( torch.randn( import ,
\ forward , λ @ @ import '
# import torch.randn( """ lambda 1e torch.randn( ; ( # 0x import , 0x x import … """ await import 😀 '      torch.randn( ;
; 0x def ( : """ x … { # torch.randn( } = : 😀 torch.randn( \ \ : x …
-> 0x ( class yield await
… λ 	 ( , class torch.randn( , [ 0x 	 ** { await , self.
torch.randn( yield , ) yield x import ->      } ( torch.randn( ( self. , ]
forward } 	 -> torch.randn( @ nn.Conv2d( torch.randn( -> 1e await 😀
nn.Conv2d( x 1e lambda [ 😀 import ) 1e … ] torch.randn( ; ' 😀 @ yield @ \ , [ : } await 	 } = } class ]
class # { @ @ class @ 	 forward @ yield , {
' ' await x
class : , { 0x nn.Conv2d( """ @ """
… ) await … nn.Conv2d( 1e [ x self. ( λ 1e ] ' 	 [ ( )           0x import yield λ
: torch.randn(
0x ** { λ nn.Conv2d( [ 	 0x (
0x
} class
0x : ] : self. # forward ** lambda ) class x @ [ ; : ( await self. = [ self. # ' lambda ; -> nn.Conv2d(
😀 @ = await 1e await x yield 	 torch.randn( self. yield ( -> torch.randn(
' yield [ ( # nn.Conv2d( await ** } … ( # } lambda class … [
λ await 	 import { ) λ ) yield ' import self. import nn.Conv2d( ** """ lambda x      , \ """ await lambda λ -> , **
0x } self. @ ) def
0x , 	 = 0x nn.Conv2d( @ \ = ) ' } λ nn.Conv2d( ( ' λ x forward 😀 : ; ** = nn.Conv2d( -> **
await import , # ) ' { λ = class = ** { \ class :      class = ' @ class ( lambda import def @ def
nn.Conv2d( await x
-> 	 ) 	 \ nn.Conv2d( 😀 	 ] ; torch.randn(
( nn.Conv2d( , ' …
forward 1e … 	 nn.Conv2d( 	 ** -> x lambda , # def ) ( x { '
x 1e
[ [ ] \ # ' class ] forward { forward ** torch.randn( lambda } yield      … 	 nn.Conv2d(
] # import """ : : 	 def import # \      	 	 , import
lambda λ \ yield class … } ] λ def forward class : }      … nn.Conv2d( ; def ) ] """ } 	 1e … ] await
@ await { { x ( 1e torch.randn( def x nn.Conv2d( @ , { class torch.randn( def await @ = lambda torch.randn( { , def # [
lambda
} , 😀
-> nn.Conv2d( = import ' ; ( x λ … { ) 	 ** { import forward }      lambda def await
1e ( **      @ ] x def ( , ; , forward @ x import def ( ' ] 0x
yield # nn.Conv2d(      # def … import 1e @ class @ yield : nn.Conv2d( 	 	 \
λ [ self. import 	 😀      { : [ ' @ class await
[      , = \ import ] ; torch.randn( 	 import self. 0x ->      self. ) { λ ] = # ] @      await
# torch.randn( await yield class torch.randn( } ] λ = forward forward -> 1e class -> import x ( ] ; torch.randn( 😀 -> ) ] 1e -> forward (
"""      } @ } forward forward torch.randn( ) … = ) @ # [ # }
torch.randn( nn.Conv2d( 1e """ 😀 } import λ { """ [ def = } # ]
@ await ( 😀 self. lambda -> # ( # nn.Conv2d(
} ( self. x ( 0x 😀 [ import lambda @ """ lambda 1e 	 , … { forward class λ =
yield nn.Conv2d( await def } forward ' ->
1e """ = \ … 0x @ -> { 1e ( class 😀 } lambda ' \ 	 : forward torch.randn(
@ … 😀 class      await
} yield 	 ** yield 	 … """ } -> 	
** lambda : 1e lambda 1e import ; { , forward self. … await 1e import nn.Conv2d(      await ** import self. 😀 @ { class
self. 0x class : class await \ … forward [ 0x await [ lambda self. @ … await

0x torch.randn( def @
: } lambda yield } ] self.      await \ class \ yield , class λ 1e def class }      😀 } 0x
     λ λ … }
torch.randn( , 0x yield class lambda : @ torch.randn( nn.Conv2d( nn.Conv2d( -> { lambda ] ; { self. ' def
) 😀 # class { def ( nn.Conv2d( @ class      forward self. yield 0x forward # λ -> await = nn.Conv2d( ** : lambda = =
1e ; lambda
] 	 { x 0x ; ( { @ ) # """ await , ** [ await
@ 	 -> , -> torch.randn( torch.randn( def ) forward 	 @ ) import 	 ' self. ( : await \ 	 import ; = await await import nn.Conv2d( self.
} \ import nn.Conv2d( lambda -> class = , } } nn.Conv2d( [ class lambda = ->
forward 1e def nn.Conv2d( await 1e torch.randn( torch.randn(
] } ' … yield def ) class :
{ 	 λ 	 await , 😀
'
: forward , ** yield { λ class , { ] 😀 : ' x ] ] self. class 😀 nn.Conv2d(      ' nn.Conv2d( } nn.Conv2d( } { self.
-> await [ 0x 😀 forward nn.Conv2d( ; await } ** import @ } """ { ' self. def ** } : await 	
x ( [ [ ( import nn.Conv2d( lambda λ } λ 	
) ** … [ torch.randn( ** class ] ( forward torch.randn(
{ 😀 def -> { } 1e … class # await 0x torch.randn( , ] 1e import { # 1e torch.randn( {
yield yield """ ] # ' ' λ : ** 😀
import """ class { torch.randn( …      ; { 😀 x ** \ λ yield ( ' , 	 class forward import = forward class self. 1e }
# lambda [ , = }
class { ' ; ( 😀 lambda import = -> await def ** 😀 await yield forward forward λ \ ; ( : self. self. lambda ( **
) def \ ] # ( } """ ] yield } ; :
😀 , 😀 forward class forward import (
: } """ forward ;
] x      ] """
** -> ] } \ def ] nn.Conv2d( import ] λ , yield } [ [ } nn.Conv2d( x @ torch.randn( [ ) """ ) : \ self. \
	 0x yield x await await """ import import def lambda λ x 1e forward 	      \
@ forward def \
nn.Conv2d( 0x import @ [ await -> x torch.randn( import      , @ ** def @ def import # λ      self.
     lambda      1e """ ; [
""" :
, } ]
yield torch.randn(
x -> [ : self. \ yield self. \ … import ** # :
# x torch.randn( self. ; forward x 	 { =
\ \ @ 	 \ lambda [ # , forward { 😀 """ \ [ self. \ \ = ) yield class self. 1e
     λ ; \ 😀 self. [ forward 	 ) class def ] λ = forward """ nn.Conv2d( -> 0x 	 torch.randn( = await ** """ 	
import 😀 import ' def \ ;      yield [ lambda forward import self. class      lambda forward yield } ] torch.randn( await ] ] yield x
… 	 lambda 😀
= self. ] \ -> torch.randn( 😀 -> import …
] ' yield ] def } forward # ** await forward 0x ; ** 	 	 \ ) self. await ; 1e
😀 [ torch.randn( 😀 }
@ lambda
[ λ ; await 1e 😀 ; torch.randn( [ torch.randn( lambda ' \ class forward @ ** import def λ 😀 ** def 0x self. ] , 😀
' def -> : : nn.Conv2d( 	 """ : ; } ] 	 	 -> ; await '
x class torch.randn( } # # ]      [ ) self. """ \ ;
λ ' forward 😀 0x class {      """ torch.randn( = ' import ] }
: import : ( """ -> , ' nn.Conv2d( torch.randn( { λ forward forward -> 1e self. : ' 0x λ nn.Conv2d( x ' #
\ forward ; 1e lambda ' await 😀 } [ , def class ] [ λ ( 	 @ self. self.
: -> import λ } def torch.randn( { ; ; nn.Conv2d(
@ ] , forward … [ @ # ( … yield -> """
-> 1e def def import \ \ λ def yield
# # 	 class torch.randn( = … class { 0x \ ; ** lambda ' yield torch.randn( def , yield λ import (
    
{ forward x 1e x λ = await # @ await ( : import
def : ] 1e } 1e import lambda self. \ yield …      … 0x yield ) # } [ ) ; ,
lambda # 0x def { await # x import #
= } \ forward def ( lambda lambda ( self. self. : class
) [ } forward class 0x , # torch.randn( … : self. ' ( nn.Conv2d( ) 😀 import ] λ @ await yield } nn.Conv2d( x ( ; class
""" import 	 \      = await """ , 	 0x ' 😀 torch.randn( class
-> ] await [ : 1e ) ( class @ ' class lambda self. ] import nn.Conv2d( \ torch.randn( class ) ] 	 self. λ
0x ] # ]
torch.randn( : -> \ @ nn.Conv2d( } import ] ** 	 -> ( -> : } … yield class )
} 😀 # 0x … ( ] … yield **
await ( : , ( ] def def ) { def λ : \ @ lambda lambda
yield { ) -> : forward 0x 😀 = = class 1e ) forward
nn.Conv2d( 	 lambda = ( self. yield forward … 😀 : , ** ' class x x 	 torch.randn( await
x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
class Broken(nn.Module):
    # shape: x = (N, 3, -7, 2**99, ???)
    def forward(self, x):
        return self.undefined(x)[::0]
